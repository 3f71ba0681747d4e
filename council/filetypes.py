"""What an uploaded paper is, read from its bytes and never from its name.

PDF, PNG and JPEG by their signature; Word, Excel and PowerPoint only as real OOXML packages: a
zip whose [Content_Types].xml declares the main part of that kind and which holds that part.
A zip with a `word/` folder and nothing else is not a Word file. Only the entry list and
[Content_Types].xml are read, each within a limit, so a zip bomb is never inflated.
"""

from __future__ import annotations

import zipfile
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext_lazy as _

from council.models import AttachmentType

SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", AttachmentType.PDF),
    (b"\x89PNG\r\n\x1a\n", AttachmentType.PNG),
    (b"\xff\xd8\xff", AttachmentType.JPEG),
]
ZIP_SIGNATURE = b"PK\x03\x04"
# The content type [Content_Types].xml gives the main part of each kind (ECMA-376 part 1).
# The macro-enabled kinds (.docm, .xlsm, .pptm) declare other types and are refused.
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        AttachmentType.WORD
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        AttachmentType.EXCEL
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        AttachmentType.POWERPOINT
    ),
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# A 20 MB presentation holds a few hundred entries and a [Content_Types].xml of a few KB.
MAX_ENTRIES = 5000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


class UnknownType(ValueError):
    message = _("This kind of file cannot be attached. Use PDF, Office, PNG or JPEG.")


class NotOffice(ValueError):
    message = _(
        "This file is not a real Word, Excel or PowerPoint file (docx, xlsx, pptx): it may be "
        "damaged, macro-enabled or another kind of zip archive. Save it again from Office, or "
        "attach it as PDF."
    )


LOGO_MAX_SIDE = 4000  # pixels; a letterhead logo is a few hundred


class NotAnImage(ValueError):
    message = _("The logo must be a PNG or JPEG image.")


def image_type(upload: Any) -> str:
    """PNG or JPEG (an AttachmentType value) by the signature, and only if the image opens:
    a file that merely starts like one would print a PDF without its logo. Else NotAnImage."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kinds = [kind for magic, kind in SIGNATURES if head.startswith(magic)]
    if not kinds or kinds[0] not in (AttachmentType.PNG, AttachmentType.JPEG):
        raise NotAnImage(NotAnImage.message)
    from PIL import Image  # WeasyPrint's own dependency, loaded only when a logo is uploaded

    try:
        with Image.open(upload) as image:
            # verify() checks the structure without decoding the pixels.
            image.verify()
            # A 1 MB PNG can hold a billion pixels, all of which WeasyPrint would decode.
            format_ok = image.format in ("PNG", "JPEG") and max(image.size) <= LOGO_MAX_SIDE
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        format_ok = False
    finally:
        upload.seek(0)
    if not format_ok:
        raise NotAnImage(NotAnImage.message)
    return kinds[0]


def sniff(upload: Any) -> str:
    """The content type of the upload (an AttachmentType value), or UnknownType / NotOffice."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    if not head.startswith(ZIP_SIGNATURE):
        raise UnknownType(UnknownType.message)
    try:
        kind = ooxml_type(upload)
    finally:
        upload.seek(0)
    if kind is None:
        raise NotOffice(NotOffice.message)
    return kind


def ooxml_type(upload: Any) -> str | None:
    """Word, Excel or PowerPoint if the zip is a package of that kind, else None."""
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
            if len(entries) > MAX_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            declared = package.getinfo("[Content_Types].xml")
            if declared.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            with package.open(declared) as stream:
                # Read one byte past the limit: the size in the zip's header may lie.
                data = stream.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        return None
    except (RuntimeError, NotImplementedError):  # encrypted, or an unknown compression
        return None
    if len(data) > MAX_CONTENT_TYPES_BYTES:
        return None
    try:
        # defusedxml: no package declares a DTD or entities, and none is let in.
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException):
        return None
    for override in root.iter(f"{CONTENT_TYPES_NS}Override"):
        kind = OFFICE_MAIN_PARTS.get(override.get("ContentType", ""))
        part = override.get("PartName", "").lstrip("/")
        if kind is not None and part in names:
            return kind
    return None
