"""JSON Schema of the form, exported from the pydantic models (`drafter schema`).

`schemas/report.schema.json` is this function's output; a test keeps the two in sync.
"""

from __future__ import annotations

import json

from drafter.model import Report


def schema_text() -> str:
    schema = Report.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "法治政府建设年度报告表单"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
