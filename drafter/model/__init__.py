"""Pydantic models of the report form and its figures (see the submodules)."""

from drafter.model.figures import Figures, GROUPS, GROUPS_BY_KEY
from drafter.model.outline import AREAS, Outline, outline_for_year
from drafter.model.report import FORM_VERSION, Report

__all__ = ["AREAS", "FORM_VERSION", "Figures", "GROUPS", "GROUPS_BY_KEY", "Outline", "Report", "outline_for_year"]
