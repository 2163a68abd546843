"""Synthetic recordings shared by the pipeline tests: a small sign-in flow with known truth."""

from __future__ import annotations

from replicast.media.synthetic import (
    Button,
    Checkbox,
    Click,
    Disclosure,
    DoubleClick,
    Drag,
    Hover,
    Key,
    Label,
    Move,
    Scrim,
    Script,
    Step,
    SyntheticScreen,
    Target,
    TextInput,
    Type,
    Wait,
)
from replicast.vision.base import Box

SIGN_IN = SyntheticScreen(
    "sign-in",
    (
        Label("title", Box(40, 24, 400, 40), "Sign in to Harbor", size=26, bold=True, role="heading"),
        TextInput("email", Box(40, 90, 320, 40), placeholder="Email address"),
        Checkbox("remember", Box(40, 150, 18, 18), label="Remember me"),
        Button("go", Box(40, 200, 140, 42), "Continue", goto="home"),
    ),
)
HOME = SyntheticScreen(
    "home",
    (
        Label("hello", Box(40, 24, 400, 40), "Welcome back", size=26, bold=True, role="heading"),
        Label("note", Box(40, 90, 500, 30), "You have 3 new messages"),
    ),
)

# an inbox and its settings page, each leading to the other
INBOX = SyntheticScreen(
    "inbox",
    (
        Label("hello", Box(40, 24, 400, 40), "Welcome back", size=26, bold=True, role="heading"),
        Label("note", Box(40, 80, 500, 30), "You have 3 new messages"),
        Button("settings", Box(40, 200, 140, 40), "Settings", goto="settings"),
    ),
)
SETTINGS = SyntheticScreen(
    "settings",
    (
        Label("head", Box(40, 24, 400, 40), "Settings", size=26, bold=True, role="heading"),
        Label("hint", Box(40, 80, 500, 30), "Choose how Harbor looks and sends mail", color=(90, 90, 90)),
        Button("back", Box(40, 140, 140, 40), "Back", goto="inbox"),
    ),
)


def _signing_in(*steps: Step) -> Script:
    """Click the email field of the sign-in screen, then `steps`."""
    return Script((SIGN_IN, HOME), (Wait(0.8), Click("email", move=0.5), *steps), cursor=(500, 300))


def sign_in_script() -> Script:
    """Click the email field, type, tick the checkbox, press Continue: four state changes."""
    return _signing_in(
        Wait(0.8),
        Type("ada@example.com", interval=0.08),
        Wait(1.2),
        Click("remember", move=0.5),
        Wait(1.0),
        Click("go", move=0.5),
        Wait(1.5),
    )


def hurried_sign_in_script() -> Script:
    """Click the email field, type, and go straight on to Continue as the last key lands: the filled-in
    form is never still with the pointer at rest."""
    return _signing_in(Wait(0.5), Type("ada@example.com", interval=0.08), Click("go", move=0.4), Wait(1.5))


def enter_script() -> Script:
    """Type into a focused field and press Enter, which clears it (a todo-style input)."""
    return Script(
        (SIGN_IN,),
        (
            Wait(0.6),
            Click("email", move=0.4),
            Wait(0.8),
            Type("buy milk"),
            Wait(0.8),
            Key("Enter", clear=True),
            Wait(1.2),
        ),
        cursor=(500, 300),
    )


def under_pointer_script(scale: int = 2) -> Script:
    """Clicks whose effect lands under the pointer (a field's focus ring, a ticked box, a new page),
    and a long fast glide (a few frames apart), drawn `scale` times larger than `sign_in_script`."""

    def b(x: int, y: int, w: int, h: int) -> Box:
        return Box(x * scale, y * scale, w * scale, h * scale)

    sign_in = SyntheticScreen(
        "sign-in",
        (
            Label(
                "title", b(40, 24, 400, 40), "Sign in to Harbor", size=26 * scale, bold=True, role="heading"
            ),
            TextInput("email", b(40, 90, 320, 40), placeholder="Email address", size=16 * scale),
            Checkbox("remember", b(40, 150, 18, 18), label="Remember me", size=16 * scale),
            Button("go", b(40, 200, 140, 42), "Continue", goto="home", size=16 * scale),
        ),
    )
    home = SyntheticScreen(
        "home",
        (
            Label("hello", b(40, 24, 400, 40), "Welcome back", size=26 * scale, bold=True, role="heading"),
            Checkbox("dark", b(40, 90, 18, 18), label="Dark mode", size=16 * scale),
        ),
    )
    return Script(
        (sign_in, home),
        (
            Wait(0.6),
            Click("email", move=0.5),
            Wait(0.8),
            Click("remember", move=0.6),
            Wait(0.8),
            Move((560 * scale, 300 * scale), duration=0.15),
            Wait(0.6),
            Click("go", move=0.5),
            Wait(1.0),
            Click("dark", move=0.5),
            Wait(1.0),
        ),
        cursor=(500 * scale, 300 * scale),
    )


def form_script() -> Script:
    """Focus a field, type with a slip corrected by backspaces, Tab to the next field, tick a box,
    submit: focus, input, a key, toggle, navigate."""
    form = SyntheticScreen(
        "form",
        (
            Label("title", Box(40, 20, 400, 36), "Create an account", size=24, bold=True, role="heading"),
            TextInput("email", Box(40, 70, 320, 36), placeholder="Email address"),
            TextInput("name", Box(40, 120, 320, 36), placeholder="Full name"),
            Checkbox("terms", Box(40, 178, 18, 18), label="I accept the terms"),
            Button("go", Box(40, 220, 140, 40), "Sign up", goto="done"),
        ),
    )
    done = SyntheticScreen(
        "done",
        (
            Label("hello", Box(40, 20, 400, 36), "Account created", size=24, bold=True, role="heading"),
            Label("note", Box(40, 80, 500, 30), "Check your inbox to confirm"),
        ),
    )
    return Script(
        (form, done),
        (
            Wait(0.5),
            Click("email", move=0.5),
            Wait(0.7),
            Type("ada@exmaple\b\b\b\b\bample.com", interval=0.08),
            Wait(0.8),
            Key("Tab", focus="name"),
            Wait(0.8),
            Click("terms", move=0.5),
            Wait(0.8),
            Click("go", move=0.5),
            Wait(1.0),
        ),
        cursor=(520, 300),
    )


def _todo(screen_id: str, rows: tuple[str, ...], editing: int | None = None) -> SyntheticScreen:
    """A todo list; its row `editing` shows as a field holding its text (TodoMVC's edit mode)."""
    items = tuple(
        TextInput(f"row{k}", Box(48, 124 + 36 * k, 360, 40), value=t)
        if k == editing
        else Label(f"row{k}", Box(56, 130 + 36 * k, 300, 28), t)
        for k, t in enumerate(rows)
    )
    left = f"{len(rows)} item{'' if len(rows) == 1 else 's'} left"
    return SyntheticScreen(
        screen_id,
        (
            Label("title", Box(40, 20, 300, 36), "Groceries", size=24, bold=True, role="heading"),
            TextInput("new", Box(40, 70, 360, 40), placeholder="What needs doing?"),
            *items,
            Label("left", Box(40, 310, 200, 24), left, size=14, color=(90, 90, 90)),
        ),
    )


ADD_OAT_MILK = (
    Wait(0.5),
    Click("new", move=0.5),
    Wait(0.7),
    Type("buy oat milk", interval=0.08),
    Wait(0.8),
    Key("Enter", goto="one"),
    Wait(1.0),
)
"""Type "buy oat milk" into the new-item field and press Enter: the item shows as a row."""


def todo_script() -> Script:
    """Type an item and press Enter: the item shows as a row and the counter goes up (list_add)."""
    return Script(
        (_todo("empty", ()), _todo("one", ("buy oat milk",))),
        ADD_OAT_MILK,
        cursor=(520, 300),
    )


def paused_todo_script() -> Script:
    """Type an item with a pause in the middle ("buy oat ", a stall, "milk") and press Enter: one run
    of typing, then the key that added the row."""
    return Script(
        (_todo("empty", ()), _todo("one", ("buy oat milk",))),
        (
            Wait(0.5),
            Click("new", move=0.5),
            Wait(0.7),
            Type("buy oat ", interval=0.08),
            Wait(0.4),
            Type("milk", interval=0.08),
            Wait(0.8),
            Key("Enter", goto="one"),
            Wait(1.0),
        ),
        cursor=(520, 300),
    )


def ibeam_script() -> Script:
    """Type into a field with the pointer, an I-beam there, resting where the text runs on under it;
    then tick a box, which takes the pointer off the field."""
    return Script(
        (SIGN_IN,),
        (
            Wait(0.8),
            Click("email", move=0.5),
            Wait(0.7),
            Type("ada.lovelace@example.com", interval=0.08),
            Wait(1.2),
            Click("remember", move=0.5),
            Wait(1.2),
        ),
        cursor=(500, 300),
        ibeam=True,
    )


def _projects(*extra: Label | Button | Scrim) -> SyntheticScreen:
    return SyntheticScreen(
        "dialog" if extra else "page",
        (
            Label("title", Box(40, 20, 300, 36), "Projects", size=24, bold=True, role="heading"),
            Label("apollo", Box(40, 80, 300, 28), "Apollo launch plan"),
            Label("gemini", Box(40, 120, 300, 28), "Gemini budget review"),
            Button("open", Box(440, 76, 120, 36), "Delete", fill=(220, 38, 38), goto="dialog"),
            *extra,
        ),
    )


def modal_script() -> Script:
    """A click opens a dialog over a dimmed page (open); Escape closes it (close)."""
    dialog = _projects(
        Scrim("scrim", Box(0, 0, 640, 360)),
        Button("panel", Box(150, 110, 340, 140), "", fill=(255, 255, 255)),
        Label("ask", Box(172, 140, 300, 30), "Delete this project?", size=18, bold=True),
        Button("confirm", Box(172, 196, 120, 36), "Delete", fill=(220, 38, 38)),
    )
    return Script(
        (_projects(), dialog),
        (Wait(0.5), Click("open", move=0.5), Wait(1.0), Key("Escape", goto="page"), Wait(1.0)),
        cursor=(520, 300),
    )


def hover_script() -> Script:
    """The pointer comes to a button and a tooltip shows beside it (hover)."""
    bar = (
        Label("title", Box(40, 20, 300, 36), "Reports", size=24, bold=True, role="heading"),
        Button("help", Box(40, 80, 100, 36), "Help"),
    )
    tip = Label("tip", Box(150, 84, 260, 28), "Opens the user guide", size=14, color=(90, 90, 90))
    return Script(
        (SyntheticScreen("bar", bar), SyntheticScreen("tip", (*bar, tip))),
        (Wait(0.5), Hover("help", goto="tip", move=0.6), Wait(1.0)),
        cursor=(520, 300),
    )


EDIT_FIRST_ROW: tuple[Step, ...] = (
    DoubleClick((120, 144), goto="editing", focus="row0", move=0.5),
    Wait(0.8),
    Type(" and bread", interval=0.08),
    Wait(0.8),
    Key("Enter", goto="edited"),
    Wait(1.0),
)
"""Double-click the first row's text, type more into its editor, Enter."""


def edit_script() -> Script:
    """Double-click an item's text: it turns into a field holding it (edit mode); type more, Enter."""
    rows = ("buy oat milk", "walk the dog")
    return Script(
        (
            _todo("list", rows),
            _todo("editing", rows, editing=0),
            _todo("edited", ("buy oat milk and bread", rows[1])),
        ),
        (Wait(0.6), *EDIT_FIRST_ROW),
        cursor=(520, 300),
    )


def todo_edit_script() -> Script:
    """Add an item to a todo list (type, Enter), then double-click it, type more, Enter: the list
    kept in state, its row edited in place."""
    return Script(
        (
            _todo("empty", ()),
            _todo("one", ("buy oat milk",)),
            _todo("editing", ("buy oat milk",), editing=0),
            _todo("edited", ("buy oat milk and bread",)),
        ),
        (*ADD_OAT_MILK, *EDIT_FIRST_ROW),
        cursor=(520, 300),
    )


SELECTED = (37, 99, 235)
"""the fill of the item a list box or a strip has selected (its text turns white)."""


FOLDERS = ("Inbox", "Drafts", "Sent", "Archive", "Spam")


def _menu(at: int) -> SyntheticScreen:
    """A list box whose row `at` is selected; clicking a row selects it."""
    return SyntheticScreen(
        f"menu{at}",
        (
            Label("title", Box(40, 20, 300, 36), "Folders", size=24, bold=True, role="heading"),
            *(
                Button(
                    f"f{k}",
                    Box(40, 76 + 36 * k, 240, 36),
                    n,
                    fill=SELECTED if k == at else (255, 255, 255),
                    color=(255, 255, 255) if k == at else (33, 37, 41),
                    goto=f"menu{k}",
                )
                for k, n in enumerate(FOLDERS)
            ),
        ),
    )


def _arrows(
    screens: tuple[SyntheticScreen, ...], presses: tuple[tuple[str, str], ...], rest: Target
) -> Script:
    """The pointer comes to rest at `rest`, then each (key, screen) of `presses` in turn."""
    steps: list[Step] = [Wait(0.5), Move(rest, duration=0.5), Wait(0.8)]
    for key, goto in presses:
        steps += [Key(key, goto=goto), Wait(0.8)]
    return Script(screens, tuple(steps), cursor=(520, 300))


def menu_script() -> Script:
    """The pointer rests aside; the selected row of a list box moves down twice, then up (arrow keys)."""
    presses = (("ArrowDown", "menu1"), ("ArrowDown", "menu2"), ("ArrowUp", "menu1"))
    return _arrows(tuple(_menu(k) for k in range(len(FOLDERS))), presses, (480, 120))


def pick_script() -> Script:
    """Clicks on the next row and on a row further down select them: clicks, not arrow keys."""
    return Script(
        tuple(_menu(k) for k in range(len(FOLDERS))),
        (Wait(0.5), Click("f1", move=0.5), Wait(0.8), Click("f3", move=0.5), Wait(1.0)),
        cursor=(520, 300),
    )


def _strip(at: int) -> SyntheticScreen:
    names = ("Day", "Week", "Month", "Year")
    return SyntheticScreen(
        f"strip{at}",
        (
            Label("title", Box(40, 20, 300, 36), "Calendar", size=24, bold=True, role="heading"),
            *(
                Label(f"t{k}", Box(40 + 96 * k, 76, 96, 36), n, pad=18)
                if k != at
                else Label(
                    f"t{k}", Box(40 + 96 * k, 76, 96, 36), n, pad=18, fill=SELECTED, color=(255, 255, 255)
                )
                for k, n in enumerate(names)
            ),
            Label("note", Box(40, 140, 400, 28), "Nothing planned yet"),
        ),
    )


def strip_script() -> Script:
    """The selected item of a horizontal strip moves right twice, then left (arrow keys)."""
    presses = (("ArrowRight", "strip1"), ("ArrowRight", "strip2"), ("ArrowLeft", "strip1"))
    return _arrows(tuple(_strip(k) for k in range(3)), presses, (500, 250))


CARD = (243, 244, 246)


def _board(screen_id: str, order: tuple[str, ...]) -> SyntheticScreen:
    return SyntheticScreen(
        screen_id,
        (
            Label("title", Box(40, 20, 300, 36), "This week", size=24, bold=True, role="heading"),
            *(
                Label(f"card{k}", Box(40, 76 + 48 * k, 280, 40), t, pad=12, fill=CARD)
                for k, t in enumerate(order)
            ),
        ),
    )


def reorder_script() -> Script:
    """Drag the first card of a list below the third: it follows the pointer; dropped, the list shows
    it last (a reorder)."""
    order = ("Write the brief", "Review designs", "Ship release")
    return Script(
        (_board("board", order), _board("moved", (*order[1:], order[0]))),
        (
            Wait(0.5),
            Drag("card0", to=(180, 206), drop="moved", move=0.5, duration=0.8),
            Wait(1.0),
        ),
        cursor=(520, 300),
    )


TABS = ("Overview", "Activity", "Members")
PANELS = (
    "Three projects are on track this week",
    "Ada merged the billing fix an hour ago",
    "Seven people work on this team",
)
GREY = (90, 90, 90)
ERROR = (220, 38, 38)


def _tabbed(at: int) -> SyntheticScreen:
    """A tab strip over a rule, its tab `at` marked by a bar on the rule (material tabs), and that
    tab's panel; clicking a tab shows its panel."""
    return SyntheticScreen(
        f"tab{at}",
        (
            Label("title", Box(40, 20, 300, 36), "Team", size=24, bold=True, role="heading"),
            *(
                Button(
                    f"t{k}",
                    Box(40 + 120 * k, 70, 120, 40),
                    n,
                    fill=(255, 255, 255),
                    color=SELECTED if k == at else GREY,
                    goto=f"tab{k}",
                )
                for k, n in enumerate(TABS)
            ),
            Label("rule", Box(20, 111, 600, 1), "", fill=(200, 200, 200)),
            Label("bar", Box(40 + 120 * at, 109, 120, 3), "", fill=SELECTED),
            Label("panel", Box(40, 140, 520, 28), PANELS[at]),
        ),
    )


def tabs_script() -> Script:
    """Click the second tab, then the third: the strip's active tab moves to each, and the panel under
    it changes (tab)."""
    return Script(
        tuple(_tabbed(k) for k in range(len(TABS))),
        (Wait(0.5), Click("t1", move=0.5), Wait(1.0), Click("t2", move=0.5), Wait(1.0)),
        cursor=(520, 300),
    )


SECTIONS = ("Shipping", "Returns", "Warranty")


def _accordion(opened: int | None) -> SyntheticScreen:
    """Three stacked section headers sharing their borders; the section `opened` shows its text under
    its header, pushing the headers after it down; clicking a header opens it (or closes it when open)."""
    widgets: list[Label | Disclosure] = []
    y = 70
    for k, title in enumerate(SECTIONS):
        goto = "closed" if k == opened else f"open{k}"
        widgets.append(Disclosure(f"h{k}", Box(40, y, 500, 48), title, expanded=k == opened, goto=goto))
        y += 47
        if k == opened:
            widgets.append(Label("body", Box(56, y + 12, 460, 28), "Orders ship within two working days"))
            y += 56
    return SyntheticScreen(
        "closed" if opened is None else f"open{opened}",
        (Label("title", Box(40, 20, 300, 36), "Help", size=24, bold=True, role="heading"), *widgets),
    )


def accordion_script() -> Script:
    """Click the second header of an accordion: its section opens (expand); click it again: it closes
    (collapse)."""
    return Script(
        (_accordion(None), _accordion(1)),
        (Wait(0.5), Click("h1", move=0.5), Wait(1.0), Click("h1", move=0.3), Wait(1.0)),
        cursor=(520, 300),
    )


AUTHORS = (
    ("Ursula Le Guin", "1929"),
    ("Jorge Luis Borges", "1899"),
    ("Octavia Butler", "1947"),
    ("Italo Calvino", "1923"),
)


def _authors(screen_id: str, rows: tuple[tuple[str, str], ...]) -> SyntheticScreen:
    """A table of authors under a header row whose "born" heading sorts it by year."""
    return SyntheticScreen(
        screen_id,
        (
            Label("title", Box(40, 20, 300, 36), "Authors", size=24, bold=True, role="heading"),
            Label("name", Box(40, 70, 240, 32), "name", bold=True),
            Button("born", Box(300, 70, 80, 32), "born", fill=(255, 255, 255), color=SELECTED, goto="sorted"),
            Label("rule", Box(40, 110, 360, 1), "", fill=(200, 200, 200)),
            *(
                w
                for k, (name, year) in enumerate(rows)
                for w in (
                    Label(f"n{k}", Box(40, 124 + 34 * k, 240, 28), name),
                    Label(f"y{k}", Box(312, 124 + 34 * k, 80, 28), year),
                )
            ),
        ),
    )


BY_YEAR = tuple(sorted(AUTHORS, key=lambda r: r[1]))


def sort_script() -> Script:
    """Click the "born" heading of a table: the same rows show again ordered by year (sort)."""
    return Script(
        (_authors("table", AUTHORS), _authors("sorted", BY_YEAR)),
        (Wait(0.5), Click("born", move=0.5), Wait(1.0)),
        cursor=(520, 300),
    )


def _signup(screen_id: str, value: str = "", invalid: bool = False) -> SyntheticScreen:
    message = (Label("error", Box(40, 116, 320, 22), "Enter a valid email address", size=14, color=ERROR),)
    return SyntheticScreen(
        screen_id,
        (
            Label("title", Box(40, 20, 400, 36), "Create an account", size=24, bold=True, role="heading"),
            TextInput(
                "email", Box(40, 70, 320, 40), placeholder="Email address", value=value, invalid=invalid
            ),
            *(message if invalid else ()),
            Button("go", Box(40, 170, 140, 40), "Sign up", goto="invalid"),
        ),
    )


def validation_script() -> Script:
    """Type an address without its "@" and press Sign up: the page stays, the field's border turns red and a
    red message shows under it (validation)."""
    return Script(
        (_signup("form"), _signup("invalid", "ada.lovelace", invalid=True)),
        (
            Wait(0.5),
            Click("email", move=0.5),
            Wait(0.7),
            Type("ada.lovelace", interval=0.08),
            Wait(0.8),
            Click("go", move=0.5),
            Wait(1.0),
        ),
        cursor=(520, 300),
    )


def _link(link_id: str, box: Box, text: str, goto: str) -> Label:
    """A link that lights up green while the pointer is over it."""
    return Label(link_id, box, text, color=(37, 99, 235), role="link", goto=goto, hover=(0, 100, 30))


STATIONS = ("Mauna Loa, Hawaii", "Kitt Peak, Arizona", "Mount Wilson, California")


def links_script() -> Script:
    """Follow links from page to page: each new page has a link where the pointer clicked, so the
    pointer rests on it as the arrow (a browser keeps the arrow until the pointer moves), and as it
    glides off it turns into a hand and the link lights up, then goes dark as the pointer leaves."""

    def page(screen_id: str, *links: Label) -> SyntheticScreen:
        title = Label("title", Box(360, 20, 260, 36), screen_id.title(), size=24, bold=True, role="heading")
        return SyntheticScreen(screen_id, (title, *links))

    sort, country, usa = Box(200, 100, 120, 22), Box(60, 190, 80, 22), Box(420, 250, 50, 22)
    return Script(
        (
            page("stations", _link("sort", sort, "elevation_m", "sorted")),
            page(
                "sorted",
                _link("sort", sort, "elevation_m", "stations"),
                _link("country", country, "country", "facets"),
            ),
            page("facets", _link("country", country, "country", "sorted"), _link("usa", usa, "USA", "usa")),
            page(
                "usa",
                Label("note", Box(40, 80, 400, 30), "3 stations in the USA"),
                *(Label(f"row{k}", Box(40, 130 + 40 * k, 400, 30), name) for k, name in enumerate(STATIONS)),
            ),
        ),
        (
            Wait(0.6),
            Move("sort", duration=0.5),
            Wait(0.4),
            Click("sort"),
            Wait(1.0),
            Move("country", duration=0.4),
            Wait(0.4),
            Click("country"),
            Wait(1.0),
            Move("usa", duration=0.4),
            Wait(0.4),
            Click("usa"),
            Wait(1.0),
        ),
        cursor=(520, 300),
        looks=True,
    )


def glide_between_links_script() -> Script:
    """The pointer rests on a lit link, then glides far to another: the first goes dark as the pointer
    leaves it, and the second lights up as it arrives, a long way later."""
    title = Label("title", Box(40, 20, 300, 36), "Stations", size=24, bold=True, role="heading")
    near = _link("near", Box(40, 100, 140, 22), "Mauna Loa", "more")
    far = _link("far", Box(440, 300, 140, 22), "Kitt Peak", "more")
    return Script(
        (SyntheticScreen("stations", (title, near, far)),),
        (Wait(0.6), Move("near", duration=0.4), Wait(0.6), Move("far", duration=0.8), Wait(0.8)),
        cursor=(560, 380),
        looks=True,
    )


def dart_and_click_script() -> Script:
    """The pointer darts onto a link from far away (on its last step it enters the link's box, so the
    link lights up as the pointer stops), rests on it for 0.4 s, then clicks it: another page shows."""
    title = Label("title", Box(40, 20, 300, 36), "Stations", size=24, bold=True, role="heading")
    link = _link("next", Box(40, 100, 140, 22), "Next stations", "more")
    more = Label("title", Box(40, 20, 300, 36), "More stations", size=24, bold=True, role="heading")
    return Script(
        (SyntheticScreen("stations", (title, link)), SyntheticScreen("more", (more,))),
        (Wait(0.6), Move("next", duration=0.1), Wait(0.4), Click("next"), Wait(1.0)),
        cursor=(560, 380),
        looks=True,
    )


def typed_under_pointer_script() -> Script:
    """Click into a field near its start, so that the letters typed run on under the resting I-beam,
    then tick a box and press a button."""
    return Script(
        (SIGN_IN, HOME),
        (
            Wait(0.6),
            Click((110, 110), move=0.5),
            Wait(0.8),
            Type("ada.lovelace@example.com", interval=0.08),
            Wait(1.0),
            Click("remember", move=0.5),
            Wait(1.0),
            Click("go", move=0.5),
            Wait(1.5),
        ),
        cursor=(500, 300),
        looks=True,
    )


__all__ = [
    "AUTHORS",
    "BY_YEAR",
    "HOME",
    "SIGN_IN",
    "Key",
    "accordion_script",
    "dart_and_click_script",
    "edit_script",
    "enter_script",
    "form_script",
    "hover_script",
    "ibeam_script",
    "links_script",
    "menu_script",
    "modal_script",
    "paused_todo_script",
    "pick_script",
    "reorder_script",
    "sign_in_script",
    "sort_script",
    "strip_script",
    "tabs_script",
    "todo_edit_script",
    "todo_script",
    "typed_under_pointer_script",
    "under_pointer_script",
    "validation_script",
]
