"""One attachment mechanism for every service (kit/attachments.py): what it accepts and why
it refuses the rest."""
import base64

import pytest

from kit import attachments
from kit.attachments import AttachmentRejected, LocalStorage

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def payload(content: bytes, content_type="image/png", filename="фото.png") -> dict:
    return {"filename": filename, "content_type": content_type, "data": base64.b64encode(content).decode()}


def test_a_file_that_is_what_it_says_is_accepted_with_a_clean_name():
    accepted = attachments.accept(payload(PNG, "image/PNG; charset=binary", "../../etc/фото\x00.png"), 1000)
    assert (accepted.filename, accepted.content_type, accepted.size) == ("фото.png", "image/png", len(PNG))


@pytest.mark.parametrize("content, content_type, code", [
    (b"MZ\x90\x00", "application/x-msdownload", "attachment_type_not_allowed"),
    (b"GIF89a not a png", "image/png", "attachment_type_mismatch"),
    (b"", "text/plain", "attachment_rejected"),
    (b"%PDF-" + b"0" * 100, "application/pdf", "attachment_too_large"),
])
def test_what_is_refused_and_its_code(content, content_type, code):
    with pytest.raises(AttachmentRejected) as refused:
        attachments.accept(payload(content, content_type), 50)
    assert refused.value.error_code == code and refused.value.status == 422


def test_base64_is_checked():
    with pytest.raises(AttachmentRejected):
        attachments.accept({"filename": "a.txt", "content_type": "text/plain", "data": "not base64!"}, 50)


def test_local_storage_keeps_files_by_key_and_refuses_paths(tmp_path):
    storage = LocalStorage(str(tmp_path))
    storage.put("abcdef", b"data")
    assert storage.get("abcdef") == b"data"
    storage.delete("abcdef")
    storage.delete("abcdef")
    with pytest.raises(ValueError):
        storage.put("../x", b"")
