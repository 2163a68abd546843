"""The HTTP service: `create_app(settings)` builds the FastAPI app (API v1, auth, limits, metrics).

replicast keys create --tenant acme          # prints an API key once
replicast serve --port 8000                  # SQLite + local object store + local pool
curl -H "Authorization: Bearer rc_..." --data-binary @rec.mp4 "localhost:8000/v1/videos?filename=rec.mp4"
"""

from replicast.service.app import create_app

__all__ = ["create_app"]
