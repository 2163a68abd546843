"""One exception tree for replicast.

    ReplicastError
    ├── InputError                  the caller gave something unusable
    │   ├── VideoNotFoundError      no such file
    │   ├── VideoRejectedError      a probe limit or allow-list said no (size, duration, pixels, fps, codec)
    │   └── VideoDecodeError        not a video, empty, truncated, or a stream no decoder reads
    ├── SpecError                   an AppSpec that does not follow the contract
    ├── EngineError                 an OCR/detection engine failed or is missing its models
    ├── BuildError                  the generated app did not install or build
    ├── CheckError                  the self-check could not replay the app
    │   └── CheckUnavailableError   no Chromium (or Playwright) to run it with: the check is skipped
    ├── RefineError                 the optional model refinement gave nothing usable: the result stays
    │   │                           the deterministic one, with this reason in the report
    │   ├── ProviderError           the model endpoint failed: refused, timed out, 4xx, 429/5xx after retries
    │   └── AnswerError             the model's answer is not a valid set of edits (format, paths, sizes)
    ├── ServiceError                a service request that cannot be done as asked (HTTP status)
    │   ├── AuthError               no, malformed, unknown or revoked API key               401
    │   ├── NotFoundError           no such id for this tenant (another tenant's ids too)   404
    │   ├── ConflictError           not in a state for that (a result not ready yet)        409
    │   ├── PayloadTooLargeError    an upload over the size limit                           413
    │   ├── RateLimitedError        over the request rate or the active-job quota           429
    │   └── DependencyUnavailableError  a service it needs does not answer (rate-limit store) 503
    ├── StorageError                the object store failed
    │   ├── ObjectNotFoundError     no object under that key
    │   └── StorageUnavailableError the store did not answer (network, 5xx, throttling): try again
    └── JobError                    a job's worker failed: crashed, timed out, hit a resource limit
        ├── JobCancelledError       the job was cancelled while it ran
        └── JobAbandonedError       its worker died on every attempt: dead-lettered, not run again

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


class RefineError(ReplicastError):
    """The optional model refinement could not be used; callers keep the deterministic result."""


class ProviderError(RefineError):
    """The model endpoint failed: unreachable, timed out, refused the request, or kept answering 429/5xx;
    `attempts` says how many requests were sent."""

    def __init__(self, message: str, attempts: int = 1) -> None:
        super().__init__(message)
        self.attempts = attempts


class AnswerError(RefineError):
    """The model's answer does not follow the edit format or breaks its rules (paths, sizes)."""


class ServiceError(ReplicastError):
    """A service request that cannot be done as asked; the service maps each subtype to a status code."""


class AuthError(ServiceError):
    """No API key, a malformed one, or one that is unknown or revoked."""


class NotFoundError(ServiceError):
    """No such id for the caller's tenant (another tenant's ids look the same as missing ones)."""


class ConflictError(ServiceError):
    """The resource is not in a state for the request (a result of an unfinished job, say)."""


class PayloadTooLargeError(ServiceError):
    """An upload over the configured size limit."""


class RateLimitedError(ServiceError):
    """Over the key's request rate or its quota of active jobs; `retry_after` says when to try again (s)."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DependencyUnavailableError(ServiceError):
    """A service the request needs (the rate-limit store, when it is set to fail closed) does not answer;
    the same request may work later."""


class StorageError(ReplicastError):
    """The object store could not read or write an object."""


class ObjectNotFoundError(StorageError):
    """No object under the key."""


class StorageUnavailableError(StorageError):
    """The store did not answer or asked to slow down; the same request may work later."""


class JobError(ReplicastError):
    """A job's worker failed it: the child process crashed, timed out or hit a resource limit."""


class JobCancelledError(JobError):
    """The job was cancelled while it ran."""


class JobAbandonedError(JobError):
    """Every attempt at the job ended with its worker gone (killed, out of memory): it is set aside."""
