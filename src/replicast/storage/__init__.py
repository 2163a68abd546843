"""Object stores: blobs under content-addressed keys (`base.ObjectStore`), one file per backend.

    store = LocalStore(Path("data/objects"))              # the embedded default
    tests = MemoryStore()                                 # the fake
    videos = EncryptedStore(store, parse_master_key(k))   # replicast.storage.crypto: AES-GCM at rest

`crypto` and `s3` are imported on their own: they need the `cryptography` package (the `service` extra)
and boto3 (the `scale` extra): `from replicast.storage.s3 import S3Config, S3Store`.
"""

from replicast.storage.base import ObjectStore, ObjectWriter, check_key
from replicast.storage.local import LocalStore
from replicast.storage.memory import MemoryStore

__all__ = ["LocalStore", "MemoryStore", "ObjectStore", "ObjectWriter", "check_key"]
