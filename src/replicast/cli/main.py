"""`replicast`: convert a screen recording into an app, from the command line.

replicast convert recording.mp4 -o myapp/ --build
replicast schema > replicast.schema.json
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from replicast import __version__
from replicast.cli.check import print_check, print_refine
from replicast.cli.eval import eval_cmd
from replicast.cli.inference import inference_cmd
from replicast.cli.progress import StageBars
from replicast.cli.service import keys_app, serve_cmd
from replicast.cli.worker import worker_cmd
from replicast.errors import InputError, ReplicastError
from replicast.jobs.config import provider_config
from replicast.jobs.convert import ConvertOptions, RefineSetup, convert
from replicast.settings import Settings
from replicast.spec import json_schema
from replicast.storage import LocalStore

app = typer.Typer(
    name="replicast",
    help="Turn a screen recording of a web app into a working React + TypeScript app.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _fail(ex: ReplicastError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {ex}", markup=True, soft_wrap=True)
    return typer.Exit(code=2 if isinstance(ex, InputError) else 1)


@app.command("convert")
def convert_cmd(
    video: Annotated[
        Path, typer.Argument(help="The recording: mp4, mov, m4v, webm or mkv.", show_default=False)
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for replicast.json and the generated project.")
    ],
    build: Annotated[
        bool, typer.Option("--build/--no-build", help="Also run `npm install` and `npm run build` in OUT.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check/--no-check",
            help="Also build the app, replay the recording on it in Chromium and write OUT/report.html "
            "(implies --build).",
        ),
    ] = False,
    refine: Annotated[
        bool,
        typer.Option(
            "--refine/--no-refine",
            help="Also let a vision-language model improve the app (REPLICAST_REFINE_BASE_URL, "
            "REPLICAST_REFINE_MODEL, REPLICAST_REFINE_API_KEY); kept only if it still builds, passes its "
            "replay test and scores no worse in the self-check (implies --check).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into OUT even if it holds files replicast did not make.")
    ] = False,
    ocr_threads: Annotated[
        int | None,
        typer.Option("--ocr-threads", min=1, help="CPU threads for OCR [default: all cores]"),
    ] = None,
    max_mb: Annotated[
        float | None,
        typer.Option("--max-mb", min=0.001, help="Refuse videos larger than this many MiB [default: 2048]"),
    ] = None,
    max_minutes: Annotated[
        float | None,
        typer.Option("--max-minutes", min=0.001, help="Refuse videos longer than this [default: 120]"),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars; print only the result.")
    ] = False,
) -> None:
    """Convert VIDEO into OUT: replicast.json (the AppSpec), keyframes/ and a Vite + React + TS project."""
    settings = Settings()
    setup = _refine_setup(settings) if refine else None
    opts = ConvertOptions(
        video=video,
        out_dir=out_dir,
        build=build,
        check=check,
        chromium=settings.chromium_path,
        force=force,
        ocr_threads=ocr_threads or settings.ocr_threads,
        ocr_provider=settings.ocr_provider,
        ocr_int8=settings.ocr_int8,
        ocr_int8_detector=settings.ocr_int8_detector,
        max_bytes=int(max_mb * 1024 * 1024) if max_mb else settings.max_video_bytes,
        max_duration_s=max_minutes * 60 if max_minutes else settings.max_video_seconds,
        max_side=settings.max_video_side,
        max_fps=settings.max_video_fps,
        refine=setup,
    )
    started = time.monotonic()
    try:
        with StageBars(None if quiet else err) as bars:
            result = convert(opts, bars.update)
    except ReplicastError as ex:
        raise _fail(ex) from None
    except MemoryError:
        # what the machine (or a ulimit) lets this process have is too little for this recording
        err.print("[bold red]error:[/] ran out of memory", markup=True)
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(code=130) from None
    took = time.monotonic() - started
    spec = result.spec
    out.print(
        f"converted {video} in {took:.1f} s: {len(spec.screens)} screens, {len(spec.events)} events "
        f"→ {out_dir / 'replicast.json'}"
    )
    if result.built:
        out.print(f"built app: {out_dir / 'dist' / 'index.html'}")
        out.print(f"open it:   cd {out_dir} && npx vite preview   (or serve {out_dir / 'dist'} statically)")
    else:
        out.print(f"run it:    cd {out_dir} && npm install && npm run dev")
    print_check(out, err, result, out_dir)
    print_refine(out, err, result)


def _refine_setup(settings: Settings) -> RefineSetup:
    provider = provider_config(settings)
    if provider is None:
        err.print(
            "[bold red]error:[/] --refine needs a model: set REPLICAST_REFINE_BASE_URL and "
            "REPLICAST_REFINE_MODEL (and REPLICAST_REFINE_API_KEY where the endpoint wants one)",
            soft_wrap=True,
        )
        raise typer.Exit(code=2)
    cache_dir = settings.refine_cache_dir or Path.home() / ".cache" / "replicast" / "inference"
    return RefineSetup(provider, LocalStore(cache_dir), settings.refine_max_images)


app.command("eval")(eval_cmd)
app.command("serve")(serve_cmd)
app.command("worker")(worker_cmd)
app.command("inference")(inference_cmd)
app.add_typer(keys_app)


@app.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of replicast.json."""
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command("version")
def version_cmd() -> None:
    """Print replicast's version."""
    out.print(__version__)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
