"""replicast: a screen recording of a web app in, a working React + TypeScript app out.

    from replicast.pipeline.run import convert_video
"""

__version__ = "0.1.0"
