"""The upload inspector: the kept name, the size and the hash, and every refusal at its
boundary."""

import hashlib
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jiwon.core.uploads import MB, SIGNATURES, UploadPolicy, inspect_upload

PDF_HEAD = b"%PDF-1.7\n"
POLICY = UploadPolicy(extensions=("pdf", "hwp", "hwpx", "jpg", "png"), max_mb=1, max_name=40)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(name: str, content: bytes, policy: UploadPolicy = POLICY) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        inspect_upload(upload(name, content), policy)
    return refused.value


def pdf_of(size: int) -> bytes:
    return PDF_HEAD + b"0" * (size - len(PDF_HEAD))


def test_it_returns_the_name_the_size_and_the_sha256():
    content = pdf_of(5000)
    inspected = inspect_upload(upload("사업계획서.pdf", content), POLICY)
    assert inspected == ("사업계획서.pdf", 5000, hashlib.sha256(content).hexdigest())


def test_it_leaves_the_upload_at_its_start_for_storing():
    sent = upload("plan.pdf", pdf_of(100))
    inspect_upload(sent, POLICY)
    assert sent.read(len(PDF_HEAD)) == PDF_HEAD


def test_it_reads_in_chunks_and_still_sees_the_whole_file():
    content = pdf_of(MB)
    sent = upload("plan.pdf", content)
    sent.DEFAULT_CHUNK_SIZE = 1000
    assert inspect_upload(sent, POLICY).sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    "sent",
    ["../../etc/plan.pdf", "C:\\Users\\kim\\Desktop\\plan.pdf", "/tmp/x/plan.pdf", "  plan.pdf "],
)
def test_it_keeps_only_the_last_part_of_a_path_in_the_name(sent):
    assert inspect_upload(upload(sent, pdf_of(100)), POLICY).name == "plan.pdf"


def test_it_composes_a_decomposed_korean_name():
    # macOS sends 사업계획서 as jamo (NFD): kept composed, as people typed it elsewhere.
    decomposed = unicodedata.normalize("NFD", "사업계획서.pdf")
    assert decomposed != "사업계획서.pdf"
    assert inspect_upload(upload(decomposed, pdf_of(100)), POLICY).name == "사업계획서.pdf"


def test_it_keeps_compatibility_characters_as_typed():
    assert inspect_upload(upload("㈜지원 ①.pdf", pdf_of(100)), POLICY).name == "㈜지원 ①.pdf"


def test_it_accepts_a_file_of_exactly_the_limit_and_refuses_one_byte_more():
    assert inspect_upload(upload("exact.pdf", pdf_of(MB)), POLICY).size == MB
    refused = refusal("big.pdf", pdf_of(MB + 1))
    assert refused.messages == ["“big.pdf” is larger than 1 MB. Compress it or split it."]
    assert refused.code == "too_large"


def test_it_counts_what_arrives_when_the_declared_size_lies():
    sent = upload("big.pdf", pdf_of(MB + 1))
    sent.size = 10
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        inspect_upload(sent, POLICY)


def test_it_refuses_an_empty_file():
    assert refusal("plan.pdf", b"").messages == ["“plan.pdf” is empty."]


def test_it_refuses_a_type_the_policy_does_not_allow_and_lists_the_allowed_ones():
    refused = refusal("setup.exe", b"MZ\x90\x00")
    assert refused.messages == [
        "“setup.exe” is not an allowed file type. Allowed types: pdf, hwp, hwpx, jpg, png."
    ]
    assert refusal("plan", pdf_of(100)).code == "type"
    assert refusal(" ", pdf_of(100)).messages[0].startswith("“?” is not an allowed file type")


def test_it_refuses_a_renamed_executable():
    refused = refusal("plan.pdf", b"MZ\x90\x00" + b"0" * 100)
    assert refused.messages == [
        "The content of “plan.pdf” is not a PDF file. Upload the original file."
    ]
    assert refused.code == "content"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.PDF", PDF_HEAD),
        ("plan.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"),
        ("plan.hwpx", b"PK\x03\x04rest"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0rest"),
        ("chart.png", b"\x89PNG\r\n\x1a\nrest"),
    ],
)
def test_it_accepts_each_allowed_type_by_its_leading_bytes(name, content):
    assert inspect_upload(upload(name, content), POLICY).size == len(content)


def test_it_tells_an_ole_document_from_a_zip_one():
    assert refusal("plan.hwpx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest").code == "content"
    assert refusal("plan.hwp", b"PK\x03\x04rest").code == "content"


def test_it_counts_the_name_in_characters_after_composing_it():
    stem = "가" * 36
    assert inspect_upload(upload(unicodedata.normalize("NFD", f"{stem}.pdf"), PDF_HEAD), POLICY)
    refused = refusal(f"{stem}가.pdf", PDF_HEAD)
    assert refused.messages == ["The file name is too long: at most 40 characters."]


def test_a_policy_names_only_types_it_can_check():
    with pytest.raises(ValueError, match="known extensions"):
        UploadPolicy(extensions=("pdf", "exe"), max_mb=1)
    with pytest.raises(ValueError, match="known extensions"):
        UploadPolicy(extensions=(), max_mb=1)
    with pytest.raises(ValueError, match="positive"):
        UploadPolicy(extensions=("pdf",), max_mb=0)
    assert UploadPolicy(extensions=tuple(SIGNATURES), max_mb=50).max_bytes == 50 * MB


def test_jpg_and_jpeg_are_one_type():
    only_jpeg = UploadPolicy(extensions=("jpeg",), max_mb=1)
    assert inspect_upload(upload("photo.jpg", b"\xff\xd8\xff\xe0rest"), only_jpeg).size == 8
    assert refusal("photo.png", b"\x89PNG\r\n\x1a\nrest", only_jpeg).code == "type"


def test_it_speaks_korean_when_asked():
    with translation.override("ko"):
        refused = refusal("plan.pdf", b"")
    assert refused.messages == ["“plan.pdf” 파일이 비어 있습니다."]
