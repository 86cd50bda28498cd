"""Validation and domain errors in the user's language: pydantic's English messages rebuilt from
the catalogue by error type, limits written the language's way, keyed errors from validators and
domain classes translated, HTTP errors with keys answered in the reader's language."""

from __future__ import annotations

from typing import Literal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, ValidationError, field_validator

from app import validation
from app.errors import HTTPError, install, translated
from app.params import OptText
from app.validation import KeyedValueError
from indicators.errors import IndicatorError


class Question(BaseModel):
    p: int = Field(ge=1, le=2_147_483_647)
    share: float = Field(gt=0, lt=0.5)
    name: str = Field(max_length=5)
    model: Literal["mclp", "lscp"] = "mclp"
    tags: list[str] = Field(default_factory=list, max_length=2)
    code: str = "x"

    @field_validator("code")
    @classmethod
    def known(cls, value: str) -> str:
        if value == "keyed":
            raise KeyedValueError("lat must be inside Denmark", key="error.param.inside_dk",
                                  name="lat", low=54.4, high=58.0)  # fmt: skip
        if value == "plain":
            raise ValueError("a plain English validator message")
        return value


def _errors(**data: object) -> list[dict[str, object]]:
    base: dict[str, object] = {"p": 1, "share": 0.1, "name": "a"}
    with pytest.raises(ValidationError) as caught:
        Question.model_validate(base | data)
    return caught.value.errors()  # type: ignore[return-value]


def _da(**data: object) -> str:
    return validation.text(_errors(**data), "da")


def _en(**data: object) -> str:
    return validation.text(_errors(**data), "en")


def test_missing_and_parsing() -> None:
    with pytest.raises(ValidationError) as caught:
        Question.model_validate({})
    assert validation.text(caught.value.errors(), "da").startswith("p: skal udfyldes")
    assert _da(p="abc") == "p: skal være et helt tal"
    assert _en(p="abc") == "p: must be a whole number"
    assert _da(share="x") == "share: skal være et tal"


def test_limits_are_written_the_danish_way() -> None:
    assert _da(p=0) == "p: skal være mindst 1"
    assert _da(p=2**40) == "p: må højst være 2.147.483.647"
    assert _en(p=2**40) == "p: must be at most 2,147,483,647"
    assert _da(share=0.9) == "share: skal være mindre end 0,5"
    assert _da(name="abcdefgh") == "name: må højst have 5 tegn"
    assert _da(tags=["a", "b", "c"]) == "tags: må højst have 2 elementer"


def test_choices_are_joined_in_danish() -> None:
    assert _da(model="x") == "model: skal være en af: 'mclp' eller 'lscp'"
    assert _en(model="x") == "model: must be one of: 'mclp' or 'lscp'"


def test_a_keyed_validator_error_is_translated() -> None:
    assert _da(code="keyed") == "code: lat skal ligge i Danmark: 54,4 til 58"
    assert _en(code="keyed") == "code: lat must be inside Denmark: 54.4 to 58"


def test_an_unknown_message_is_generic_in_danish_and_kept_in_english() -> None:
    assert _da(code="plain") == "code: ugyldig værdi"
    assert _en(code="plain") == "code: Value error, a plain English validator message"
    assert validation.message({"type": "no_such_type", "msg": "Odd"}, "da") == "ugyldig værdi"


def test_every_mapped_type_renders_without_a_missing_placeholder() -> None:
    """A `{gt}` left in the text would show raw braces: render each with an empty ctx."""
    for kind in validation.KEY_BY_TYPE:
        for lang in ("da", "en"):
            ctx = {"gt": 1, "ge": 1, "lt": 1, "le": 1, "multiple_of": 2, "min_length": 1,
                   "max_length": 1, "expected": "'a'"}  # fmt: skip
            text = validation.message({"type": kind, "ctx": ctx}, lang)
            assert "{" not in text and "error.field" not in text, (kind, lang, text)


def test_domain_error_numbers_are_formatted() -> None:
    exc = IndicatorError("p too large", key="error.param.inside_dk", name="x", low=1234.5, high=2)
    assert translated(exc, "da") == "x skal ligge i Danmark: 1.234,5 til 2"
    assert translated(exc, "en") == "x must be inside Denmark: 1,234.5 to 2"
    assert translated(ValueError("plain"), "da") == "plain"


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install(app)

    @app.get("/api/limited")
    def limited() -> None:
        raise HTTPError(429, "abuse.rate_limited", {"Retry-After": "9"}, minutes=12000)

    @app.get("/api/opt")
    def opt(q: OptText = None) -> None:
        return None

    return TestClient(app)


def test_http_error_answers_in_the_readers_language(client: TestClient) -> None:
    da = client.get("/api/limited")
    assert da.status_code == 429 and da.headers["retry-after"] == "9"
    assert da.json()["detail"] == (
        "For mange forespørgsler af denne slags fra din forbindelse. Prøv igen om 12.000 minutter."
    )
    assert "12,000 minutes" in client.get("/api/limited?lang=en").json()["detail"]
    assert HTTPError(429, "abuse.rate_limited", minutes=3).detail.startswith("Too many")


def test_a_nul_in_a_parameter_is_refused_in_danish(client: TestClient) -> None:
    answer = client.get("/api/opt", params={"q": "a\x00b"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "query.q", "message": "må ikke indeholde NUL-tegn (\\0)"}
    ]


def test_the_no_nul_pattern_says_what_is_wrong() -> None:
    error = {"type": "string_pattern_mismatch", "input": "a\x00b", "ctx": {"pattern": "^.*$"}}
    assert validation.message(error, "da") == "må ikke indeholde NUL-tegn (\\0)"
    other = {"type": "string_pattern_mismatch", "ctx": {"pattern": "^[a-z]+$"}}
    assert validation.message(other, "da") == "har ikke den rigtige form"
