"""Page furniture: the sentences a page's extractor keeps that are not the report.

Extraction from real pages (trafilatura, a crawler's ``maintext``) keeps some of what sits
around an article: embedded posts ("Our deepest condolences #airasiamissing
pic.twitter.com/..."), calls to click or share, sponsors' disclosures, photo credits, bullets
of related stories, raw markup, live-blog time stamps and link bars. None of it is something
the outlet reports, so none of it may become a claim, a quote, a summary sentence, a timeline
entry or a side of a conflict; the brief asks ``is_furniture`` of every sentence it would
show. A photo caption (``is_caption``) is furniture too.

The patterns are narrow on purpose: a sentence of the report wrongly taken for furniture is
only left out of the brief, but one that matches by accident in every outlet's prose (a
hashtag campaign's name, "click" as a verb) would empty it, so each pattern needs a mark that
prose does not carry.
"""

from __future__ import annotations

import re
from dataclasses import replace

from storylens.facts.sentences import is_caption
from storylens.model import ArticleFacts

#: Posts embedded from social networks, as the extractor flattens them.
_EMBED = re.compile(
    r"pic\.twitter\.com/|twitter\.com/\w+/status|instagram\.com/p/|"
    r"\bA (?:post|photo|video) shared by\b|"
    r"[—–-]\s*[^()]{1,60}\(@\w{1,15}\)\s+\w+ \d{1,2}, \d{4}",
    re.IGNORECASE,
)
#: Hashtags and handles: two or more of them in one sentence are a post, not prose.
_TAG = re.compile(r"(?<![\w&])[#@][A-Za-z_]\w*")
#: Calls to act on the page rather than statements about the world.
_CALL = re.compile(
    r"^\W*(?:click|tap) (?:here|to|on)\b|\bclick here\b|"
    r"^\W*(?:read|see) (?:more|also|next|the full)\b|^\W*(?:related|more|watch|listen|video"
    r"|photos?|gallery|advertisement|sponsored|subscribe|sign up|follow us|share (?:this|on)"
    r"|skip to|download the|get the app)\b\W*(?::|$|\s[-–—|])|"
    r"^\W*(?:sign up|subscribe) (?:for|to|now|here)\b|^\W*follow (?:us|@)|"
    r"\b(?:view|watch) the (?:frameless )?(?:video|gallery|slideshow)(?: above| below| here)?\W*$",
    re.IGNORECASE,
)
#: Disclosures of who paid for a post.
_DISCLOSURE = re.compile(
    r"\b(?:has|have) been compensated by\b|\bthis (?:post|article|shop) (?:is|was) sponsored\b|"
    r"\bsponsored by\b.{0,40}\bopinions are (?:my|our) own\b",
    re.IGNORECASE,
)
#: Credits for the picture beside the text, and a wire report's closing credits
#: ("(Reporting by Greg Roumeliotis; editing by Martin Howell)").
_CREDIT = re.compile(
    r"^\W*(?:additional |writing and )?(?:reporting|writing|editing) by\s+"
    r"(?!(?:the|a|an)\b)(?-i:[A-Z])|"
    r"^\W*(?:photo(?:graph)?|image|picture|credit|illustration)s?(?: by)?\s*[:/]|"
    r"\((?:photo|image|picture)s?(?: by)?[:/ ][^)]{1,80}\)\s*$|"
    r"\b(?:Getty Images|AFP/Getty|AP Photo|Reuters/[A-Z]\w+|Shutterstock|EPA-EFE)\)?\W*$",
    re.IGNORECASE,
)
#: A bullet opens a list of links to other stories, not a sentence of this one.
_BULLET = re.compile(r"^\s*[•▪►■◆●▶→»·]")
#: Markup the extractor failed to strip, and HTML character references.
_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:[a-z]{2,8}|#\d{2,6});")
#: A live blog's time stamp, alone or with a zone ("10.42am", "Updated 3:15 p.m. ET").
_STAMP = re.compile(
    r"^\W*(?:updated|posted|published|last updated)?:?\s*"
    r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s*(?:GMT|BST|UTC|[A-Z]{1,2}[SD]?T|local time))?\W*$",
    re.IGNORECASE,
)
#: A bar of links or sections: "Home | News | Sport".
_LINK_BAR = re.compile(r"(?:[^|]{1,40}\|){2,}")


def is_furniture(sentence: str) -> bool:
    """Whether a sentence is something around the report that the extractor kept."""
    return bool(
        _EMBED.search(sentence)
        or len(_TAG.findall(sentence)) >= 2
        or _CALL.search(sentence)
        or _CREDIT.search(sentence)
        or _DISCLOSURE.search(sentence)
        or _BULLET.match(sentence)
        or _MARKUP.search(sentence)
        or _STAMP.fullmatch(sentence)
        or _LINK_BAR.match(sentence)
        or is_caption(sentence)
    )


def without_furniture(facts: ArticleFacts) -> ArticleFacts:
    """The facts with every entity, figure, date and quote that stands in furniture left out.

    Sentences stay, so that indices into them (and into the sentence vectors) still hold; the
    sections that show sentences themselves ask ``is_furniture``.
    """
    furniture = {s.index for s in facts.sentences if is_furniture(s.text)}
    if not furniture:
        return facts
    return replace(
        facts,
        entities=tuple(f for f in facts.entities if f.sentence not in furniture),
        quantities=tuple(f for f in facts.quantities if f.sentence not in furniture),
        dates=tuple(f for f in facts.dates if f.sentence not in furniture),
        quotes=tuple(f for f in facts.quotes if f.sentence not in furniture),
        floating_dates=tuple(f for f in facts.floating_dates if f.sentence not in furniture),
    )
