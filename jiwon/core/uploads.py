"""The one upload inspector: what every app checks before it keeps a file someone sent.

`inspect_upload(upload, policy)` reads the upload once, in chunks, and returns what the app
stores (`InspectedUpload`: the name, the size and the SHA-256), or raises ValidationError with
one message that says what to fix:

- the name: only its last part is kept (browsers send a bare name, but a client may send a
  path, with / or \\), in Unicode NFC. macOS sends Korean names decomposed (NFD: 한 as ᄒ+ᅡ+ᆫ);
  NFC composes them, so a name looks, sorts, searches and counts the same whichever system it
  came from. NFKC is not used: it would rewrite what people typed (full-width letters, ①,
  ㈜) in the name they see again. The length limit applies to the NFC name.
- the type: the extension must be one the policy allows (jpg and jpeg are one type), and the
  content must start with that type's leading bytes, so a renamed .exe is refused;
- the size: an empty file is refused, and so is one over the limit, counting the bytes that
  arrive (the size a client declares can lie).

The app decides where the message goes (e.g. under the form's file field).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULT_MAX_NAME = 200
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_JPEG = (b"\xff\xd8\xff",)
# Extension → the leading bytes its content must start with. HWP 5 is an OLE compound file;
# HWPX and the Office formats are ZIP containers.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "hwp": (_OLE,),
    "hwpx": _ZIP,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "zip": _ZIP,
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "png": (b"\x89PNG\r\n\x1a\n",),
}
# One format, two spellings: a policy that allows either accepts both.
_SAME_TYPE = {"jpeg": "jpg"}
_HEAD = max(len(s) for signatures in SIGNATURES.values() for s in signatures)


def _type_of(extension: str) -> str:
    return _SAME_TYPE.get(extension, extension)


@dataclass(frozen=True)
class UploadPolicy:
    """What one place accepts: the extensions (lower case, from SIGNATURES), the largest size
    in MB and the longest name in characters."""

    extensions: tuple[str, ...]
    max_mb: int
    max_name: int = DEFAULT_MAX_NAME

    def __post_init__(self) -> None:
        unknown = [e for e in self.extensions if e not in SIGNATURES]
        if not self.extensions or unknown:
            raise ValueError(f"an upload policy needs known extensions, not {unknown or '()'}")
        if self.max_mb < 1 or self.max_name < 1:
            raise ValueError("an upload policy needs a positive size and name length")

    @property
    def max_bytes(self) -> int:
        return self.max_mb * MB

    def accepts(self, extension: str) -> bool:
        return _type_of(extension) in {_type_of(e) for e in self.extensions}


class InspectedUpload(NamedTuple):
    name: str
    size: int
    sha256: str


def kept_name(upload: UploadedFile[bytes]) -> str:
    """The name to keep for `upload`: its last path part, in NFC, without surrounding spaces."""
    sent = unicodedata.normalize("NFC", upload.name or "")
    return PurePath(sent.replace("\\", "/")).name.strip()


def _extension(name: str) -> str:
    return PurePath(name).suffix[1:].lower()


def inspect_upload(upload: UploadedFile[bytes], policy: UploadPolicy) -> InspectedUpload:
    """The kept name, the size and the SHA-256 of `upload`, read in chunks. Raises
    ValidationError saying what to fix when `policy` does not accept it; leaves the upload at
    its start, ready to be stored."""
    name = kept_name(upload)
    extension = _extension(name)
    if not policy.accepts(extension):
        raise ValidationError(
            _("“%(name)s” is not an allowed file type. Allowed types: %(allowed)s.")
            % {"name": name or "?", "allowed": ", ".join(policy.extensions)},
            code="type",
        )
    if len(name) > policy.max_name:
        raise ValidationError(
            _("The file name is too long: at most %(max)d characters.") % {"max": policy.max_name},
            code="name_too_long",
        )
    too_large = ValidationError(
        _("“%(name)s” is larger than %(max)d MB. Compress it or split it.")
        % {"name": name, "max": policy.max_mb},
        code="too_large",
    )
    if upload.size is not None and upload.size > policy.max_bytes:
        raise too_large
    digest, read, head = hashlib.sha256(), 0, b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < _HEAD:
            head += chunk[: _HEAD - len(head)]
        read += len(chunk)
        if read > policy.max_bytes:
            raise too_large
        digest.update(chunk)
    if not read:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(type)s file. Upload the original file.")
            % {"name": name, "type": extension.upper()},
            code="content",
        )
    upload.seek(0)
    return InspectedUpload(name, read, digest.hexdigest())
