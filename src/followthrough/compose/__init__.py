"""Drafting: every message the plan calls for, one per person, grounded in the
debrief, in the register of the interview's culture, and checked before it is
shown.

Public API::

    compose(interview_id, debrief, actions, kind=..., template_dir=..., llm=...) -> list[Draft]
    compose_one(interview_id, debrief, action, template_dir=..., llm=...) -> Draft
    llm_config(settings.llm, os.environ, enable=...) -> LLMConfig | None

Templates are data (``compose/templates``); a user's folder
(``<data folder>/templates``) overrides or extends them. See docs/templates.md.
"""

from __future__ import annotations

from followthrough.compose.composer import (
    LINKEDIN_LIMIT,
    Draft,
    compose,
    compose_one,
)
from followthrough.compose.llm import LLMConfig, llm_config
from followthrough.compose.templating import user_template_dir

__all__ = ["LINKEDIN_LIMIT", "Draft", "LLMConfig", "compose", "compose_one", "llm_config",
           "user_template_dir"]
