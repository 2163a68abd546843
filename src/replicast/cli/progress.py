"""Rich progress bars for the pipeline's stages, drawn on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from replicast.pipeline.run import STAGES, Progress


class StageBars:
    """One rich progress bar per stage, on stderr; silent without a console."""

    def __init__(self, console: Console | None) -> None:
        self._progress = (
            RichProgress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=console,
                transient=False,
            )
            if console is not None
            else None
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> StageBars:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None and self._tasks:
            self._progress.stop()

    def update(self, p: Progress) -> None:
        if self._progress is None:
            return
        if not self._tasks:
            # drawn from the first report on: a video that fails its probe prints only its error
            self._progress.start()
            for stage in (*STAGES, "codegen"):
                self._tasks[stage] = self._progress.add_task(stage, total=1.0, note="")
        if p.stage not in self._tasks:
            self._tasks[p.stage] = self._progress.add_task(p.stage, total=1.0, note="")
        self._progress.update(self._tasks[p.stage], total=max(p.total, 1e-9), completed=p.done, note=p.note)
