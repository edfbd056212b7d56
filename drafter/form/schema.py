"""JSON Schemas exported from the pydantic models (`drafter schema`).

`schemas/report.schema.json` is `schema_text()`'s output and `schemas/targets.schema.json`
is `targets_schema_text()`'s; tests keep them in sync.
"""

from __future__ import annotations

import json

from drafter.model import Report


def schema_text() -> str:
    schema = Report.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "法治政府建设年度报告表单"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def targets_schema_text() -> str:
    from drafter.model.targets import Targets

    schema = Targets.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "上级指标文件"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
