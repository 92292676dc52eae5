"""The cross-source brief: claim groups, consensus, unique claims, conflicts, quotes, timeline."""

from storylens.brief.build import build_brief
from storylens.brief.render import FORMATS, render
from storylens.brief.schema import SCHEMA, Brief

__all__ = ["FORMATS", "SCHEMA", "Brief", "build_brief", "render"]
