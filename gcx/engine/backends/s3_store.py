"""`S3Store`: a `BlobStore` on an S3 bucket and prefix (``s3://bucket/prefix`` backends).

A single PUT replaces an object atomically, which is all the DIY layout needs. The client is
made by boto3 with the usual credential chain; region and endpoint come from the URL query
(``?region=...&endpoint=...``, as Pulumi's gocloud URLs allow) or from ``AWS_REGION`` /
``AWS_DEFAULT_REGION`` and ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``.
Needed permissions: ListBucket, GetObject, PutObject, DeleteObject.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.engine.backends.store import folder
from gcx.engine.errors import BackendError

_MISSING_CODES = {"404", "NoSuchKey", "NotFound"}


class S3Store:
    def __init__(self, bucket: str, prefix: str = "", client: Any = None, url: str | None = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("s3")
        self.bucket = bucket
        self.prefix = folder(prefix)
        self.client = client
        self.url = url or f"s3://{bucket}/{self.prefix}".rstrip("/")

    @classmethod
    def from_url_parts(
        cls, bucket: str, prefix: str, query: Mapping[str, str], env: Mapping[str, str], url: str
    ) -> S3Store:
        import boto3
        from botocore.config import Config

        region = query.get("region") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
        endpoint = query.get("endpoint") or env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
        path_style = query.get("s3ForcePathStyle", "").lower() == "true"
        session = boto3.session.Session(profile_name=query.get("profile") or None)
        client = session.client(
            "s3",
            region_name=region or None,
            endpoint_url=endpoint or None,
            config=Config(s3={"addressing_style": "path"}) if path_style else None,
        )
        return cls(bucket, prefix, client, url)

    def __repr__(self) -> str:
        return f"S3Store({self.url!r})"

    def _key(self, key: str) -> str:
        return self.prefix + key

    def url_of(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def _error(self, exc: Exception, action: str, key: str) -> BackendError:
        return BackendError(f"cannot {action} {self.url_of(key)}: {exc}")

    @staticmethod
    def _is_missing(exc: Exception) -> bool:
        response = getattr(exc, "response", None) or {}
        return str(response.get("Error", {}).get("Code")) in _MISSING_CODES

    def read(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except Exception as exc:
            if self._is_missing(exc):
                raise FileNotFoundError(self.url_of(key)) from None
            raise self._error(exc, "read", key) from None

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except Exception as exc:
            if self._is_missing(exc):
                return False
            raise self._error(exc, "check", key) from None

    def write(self, key: str, data: bytes) -> None:
        try:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)
        except Exception as exc:
            raise self._error(exc, "write", key) from None

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as exc:
            if not self._is_missing(exc):
                raise self._error(exc, "delete", key) from None

    def list(self, prefix: str) -> list[str]:
        full = self.prefix + folder(prefix)
        keys: list[str] = []
        try:
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=full):
                keys.extend(obj["Key"][len(self.prefix) :] for obj in page.get("Contents", []))
        except Exception as exc:
            raise self._error(exc, "list", prefix) from None
        return sorted(keys)
