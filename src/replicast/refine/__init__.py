"""Optional model refinement: a vision-language model improves the generated app, never worsens it.

    client = ChatClient(ProviderConfig(base_url="https://api.openai.com/v1", model="gpt-4o", api_key=k),
                        cache=InferenceCache(store))
    outcome = refine_project(Path("out"), client)      # kept only if build, tsc, replay and scores hold

Modules: `provider` (the OpenAI-compatible chat-completions client: retries, concurrency, accounting),
`cache` (answers in the object store by request hash), `prompt` (keyframes, spec and sources in),
`edits` (the strict answer format, applied to a copy), `refine` (the guard rails), `metrics`
(Prometheus series) and `service` (`replicast inference`: the same endpoint, cached, for workers).
Off unless asked for (`convert --refine`, the job option `refine`); nothing here reads settings.
"""

from replicast.refine.cache import InferenceCache
from replicast.refine.edits import Edit, EditSet, apply_edits, parse_answer
from replicast.refine.prompt import PromptLimits, build_messages
from replicast.refine.provider import ChatClient, Completion, ProviderConfig, Usage
from replicast.refine.refine import REFINE_JSON, RefineOptions, RefineOutcome, refine_project

__all__ = [
    "REFINE_JSON",
    "ChatClient",
    "Completion",
    "Edit",
    "EditSet",
    "InferenceCache",
    "PromptLimits",
    "ProviderConfig",
    "RefineOptions",
    "RefineOutcome",
    "Usage",
    "apply_edits",
    "build_messages",
    "parse_answer",
    "refine_project",
]
