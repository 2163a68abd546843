"""Executors: where jobs run (`base.Executor`), one file per implementation."""

from replicast.jobs.executors.base import Executor, Outcome, Runner, execute
from replicast.jobs.executors.inline import InlineExecutor
from replicast.jobs.executors.local import LocalExecutor

__all__ = ["Executor", "InlineExecutor", "LocalExecutor", "Outcome", "Runner", "execute"]
