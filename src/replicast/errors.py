"""One exception tree for replicast.

    ReplicastError
    ├── InputError                  the caller gave something unusable
    │   ├── VideoNotFoundError      no such file
    │   ├── VideoRejectedError      a probe limit or allow-list said no (size, duration, pixels, fps, codec)
    │   └── VideoDecodeError        not a video, empty, truncated, or a stream no decoder reads
    ├── SpecError                   an AppSpec that does not follow the contract
    ├── EngineError                 an OCR/detection engine failed or is missing its models
    ├── BuildError                  the generated app did not install or build
    └── CheckError                  the self-check could not replay the app
        └── CheckUnavailableError   no Chromium (or Playwright) to run it with: the check is skipped

Adapters translate library errors (`raise VideoDecodeError(...) from ex`); the CLI and the service map
these types to one-line messages and status codes.
"""

from __future__ import annotations


class ReplicastError(Exception):
    """Base of every error replicast raises on purpose."""


class InputError(ReplicastError):
    """The input cannot be used as given."""


class VideoNotFoundError(InputError):
    """The video path does not exist or is not a file."""


class VideoRejectedError(InputError):
    """The video breaks a configured limit or allow-list."""


class VideoDecodeError(InputError):
    """The file is not a decodable video."""


class SpecError(ReplicastError):
    """An AppSpec that does not validate against the contract."""


class EngineError(ReplicastError):
    """A vision engine (OCR, detection) failed."""


class BuildError(ReplicastError):
    """The generated project failed to install or build."""


class CheckError(ReplicastError):
    """The self-check could not serve, open or replay the generated app."""


class CheckUnavailableError(CheckError):
    """The self-check cannot run here: Chromium or Playwright is missing. Callers skip the check."""
