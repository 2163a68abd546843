"""replicast: a screen recording of a web app in, a working React + TypeScript app out.

Usage: `replicast convert recording.mp4 -o myapp/`, or from Python
`replicast.jobs.convert.convert(ConvertOptions(video=..., out_dir=...))`.
"""

__version__ = "0.1.0"
