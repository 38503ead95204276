"""How identifiers are written for people (the stored form is digits only)."""


def brn_format(value: object) -> str:
    """A business registration number (사업자등록번호) as 123-45-67890; a value that is not
    10 digits is returned as given (already formatted, or not a number), None as ""."""
    text = "" if value is None else str(value).strip()
    if len(text) == 10 and text.isdigit():
        return f"{text[:3]}-{text[3:5]}-{text[5:]}"
    return text
