"""The timing rules, declared as data: a stable id, the action kind, a summary in
our own words, the article (``shared/seeds``) the rule comes from, and the
numbers the rule times with. The planner reads the numbers from here and the
summaries (and ``docs/planner.md``) are written from them, so the two cannot
disagree.

Rules whose kind is ``*`` are invariants every planned action keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Number:
    """One timing number of a rule: ``name`` as the summary's ``{name}`` placeholder."""

    name: str
    value: int
    unit: str
    meaning: str


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    text: str
    """The summary, with ``{name}`` where a number of the rule goes."""
    source: str
    numbers: tuple[Number, ...] = ()

    @property
    def summary(self) -> str:
        return self.text.format(**{number.name: number.value for number in self.numbers})

    def value(self, name: str) -> int:
        """The rule's number called ``name``."""
        for number in self.numbers:
            if number.name == name:
                return number.value
        raise KeyError(f"rule {self.id} has no number {name!r}")


def _by_close_of(business_days: int) -> tuple[Number, ...]:
    """The number of a rule whose action is due by the close of a business day."""
    return (Number("latest_business_days", business_days, "business days",
                   "after the first business day, by whose close it is due"),)


REFLECTION = Rule(
    "reflection.same-day", "reflection",
    "Write down what went well, what to improve and what you learned, right after the "
    "interview and the same day (until {until_hour}:00, or for {at_least_hours} hour at "
    "least when it ends later), in your own time zone.",
    "000 §2, 001 §5, 003 §4",
    (Number("until_hour", 22, "o'clock", "the evening the reflection is due by"),
     Number("at_least_hours", 1, "hours",
            "the reflection stays due after the interview's end, however late it ends")))
THANK_YOU = Rule(
    "thank-you.within-24h", "thank-you",
    "Send each interviewer their own thank-you within {within_hours} hours of the "
    "interview's end, during their business hours; {settle_minutes} minutes after the end "
    "when that is still in time, so you have reflected first.",
    "000 §1, 001 §1, 002 (timing), 003 §2",
    (Number("within_hours", 24, "hours", "after the interview's end, the thank-you is due"),
     Number("settle_minutes", 60, "minutes", "to reflect before the thank-you")))
THANK_YOU_LATE = Rule(
    "thank-you.first-business-hour", "thank-you",
    "When none of the interviewer's business hours falls within the thank-you's hours, "
    "send at their first business hour afterwards; never beyond {ceiling_hours} hours "
    "unless they have no business hour before then.",
    "002 (timing, don'ts)",
    (Number("ceiling_hours", 48, "hours", "after the end, the latest a late thank-you goes"),))
PROMISE = Rule(
    "promise.one-business-day", "promise",
    "Deliver what you promised in the room at the first business hour after the "
    "interview, at the latest by the close of {latest_business_days} business day after "
    "it; these are the only messages that carry attachments.",
    "000 §3, 002 (don't overwhelm)",
    _by_close_of(1))
PROMISE_WITH_THANKS = Rule(
    "promise.with-thank-you", "promise",
    "A promise to an interviewer goes inside the thank-you to them, as one message with "
    "the file or the link, and is done when that thank-you is; it goes on its own when the "
    "record says `separate` (an edit sets it on a promise added after the thank-you went), "
    "when the thank-you was skipped, or when it was planned on its own before.",
    "000 §3, 002 (don't overwhelm), 003 §2")
RECRUITER = Rule(
    "recruiter-update.same-day", "recruiter-update",
    "Tell your recruiter or search consultant the same business day how it went and how "
    "the interviewers came across.",
    "000 §4")
REFERENCE = Rule(
    "reference-brief.soon", "reference-brief",
    "Brief each reference on the role and what to stress before anyone calls them: at "
    "your first business hour once you have reflected after the interview, at the latest "
    "by the close of "
    "{latest_business_days} business day after it.",
    "003 §3",
    _by_close_of(1))
LINKEDIN = Rule(
    "linkedin.warm-after-thank-you", "linkedin",
    "Invite an interviewer on LinkedIn only when the rapport was warm, {after_business_days} "
    "business day after the thank-you (open for {open_business_days} more), with a short "
    "note; a profile address is optional, as people can be found by name.",
    "000 §6, 001 §3",
    (Number("after_business_days", 1, "business days", "after the thank-you"),
     Number("open_business_days", 4, "business days", "the invitation stays due")))
INQUIRY_DATE = Rule(
    "status-inquiry.after-decision-date", "status-inquiry",
    "When they named a decision date, ask for news on the business morning at least "
    "{min_business_days} business days and {min_days} days after it, and as many business "
    "days as the culture's patience (5 by default, more where decisions are slower: see "
    "the profiles), so about a week; days in a slow season or a closure do not count.",
    "001 §2, 002 (company timeline)",
    (Number("min_business_days", 3, "business days",
            "after a stated date, the fewest before the first inquiry"),
     Number("min_days", 7, "days", "after a stated date, the fewest that count as waiting "
            "before the first inquiry (001 §2: about a week)")))
_PATIENCE = INQUIRY_DATE.summary.split("on the business morning ", 1)[1].removesuffix(".")
INQUIRY_THEY_CALL = Rule(
    "status-inquiry.they-will-contact", "status-inquiry",
    "When they said they would get in touch by a date, give them that date and then wait "
    f"as after a decision date: {_PATIENCE}.",
    "001 §2, 002 (stated process), 003 §1")
INQUIRY_WORDS = Rule(
    "status-inquiry.after-stated-timeline", "status-inquiry",
    "When they gave no date but said when in words (\"within two weeks\", \"by the end of "
    "next week\", \"early January\", \"after the holidays\"), read the words into the last "
    "day of the window they gave, counted from the interview; ask no sooner than the "
    "week after it begins, and wait as after a decision date. The why quotes the words "
    "and the date they were read as, and the other day words like \"next Friday\" can "
    "mean. When they gave a date too and the words point more than {disagree_days} days "
    "away from it, the date is used and the why reports the disagreement.",
    "002 (company timeline), 001 §2",
    (Number("disagree_days", 3, "days",
            "between a stated date and the words' reading before they are reported"),))
INQUIRY_NEW_DATE = Rule(
    "status-inquiry.after-new-date", "status-inquiry",
    "When a reply gives a new decision date (recorded with the date, or read from the "
    "reply's words), the inquiries start again from it: the first one waits as after a "
    f"decision date ({_PATIENCE}).",
    "001 §2, 002 (company timeline)")
INQUIRY_BUFFER = Rule(
    "status-inquiry.buffer", "status-inquiry",
    "With no date given, leave a buffer of business days before asking (Monday to Thursday "
    "or Friday by default, longer where decisions are slower); slow weeks do not count.",
    "002 (buffer, cultural expectations)")
INQUIRY_AGAIN = Rule(
    "status-inquiry.again-after-silence", "status-inquiry",
    "Ask again only after a week or two of silence: the culture's spacing (7 to 14 days) "
    "counted in days that count as waiting, so never twice to one company within seven "
    "days, and no more often than the culture's limit.",
    "002 (avoid daily follow-ups, handling silence)")
INQUIRY_RECRUITER = Rule(
    "status-inquiry.through-recruiter", "status-inquiry",
    "When your recruiter or search consultant runs the process, or the company asked to "
    "be reached through them, the status inquiries and the move-on note go to the "
    "recruiter, in the company's business hours: the recruiter follows up for you.",
    "000 §4")
ACROSS_ROUNDS = Rule(
    "status-inquiry.across-rounds", "status-inquiry",
    "Interviews at the same company are planned together: a later round is the "
    "company's answer, so the earlier round's pending inquiries and move-on note stop; "
    "no inquiry or move-on note to the company falls within {spacing_days} days "
    "of one planned or sent for another interview there, and interviews waiting side by "
    "side share the culture's limit of inquiries (one inquiry asks about both).",
    "002 (avoid daily follow-ups, handling silence)",
    (Number("spacing_days", 7, "days",
            "between two messages to one company across its interviews"),))
SLOW_SEASON = Rule(
    "status-inquiry.slow-season", "status-inquiry",
    "No status inquiry and no move-on note falls in a slow season or a closure "
    "(Christmas to New Year where offices slow down, Chinese New Year in Singapore, "
    "Golden Week and Obon in Japan, August in France), nor on the last business day "
    "before one of {edge_min_days} days or more or the first business day after it; "
    "the slow days do not count as waiting, and the why says when one has pushed the "
    "message later.",
    "002 (cultural expectations), 000",
    (Number("edge_min_days", 7, "days",
            "a slow season must last for its edges to be avoided too"),))
MOVE_ON = Rule(
    "move-on.after-unanswered", "move-on",
    "After the last unanswered inquiry (the culture's limit, or only {silent_limit} when "
    "they said unsuccessful candidates hear nothing) and the same spacing again, never in a "
    "slow season, send a gracious closing note and plan nothing more.",
    "002 (knowing when to move on), 003 §1",
    (Number("silent_limit", 1, "inquiries",
            "in all when they said only successful candidates hear back"),))
CHASER_WINDOW = Rule(
    "status-inquiry.business-morning", "status-inquiry",
    "A status inquiry and the move-on note are due as the recipient's business morning "
    "opens and stay due until the close of {open_business_days} business day after it.",
    "002 (time zones)",
    (Number("open_business_days", 1, "business days",
            "after the morning it is due, by whose close it is late"),))


def _weekly(*, first_after_days: int) -> tuple[Number, ...]:
    """The numbers of a weekly task: all but the first day are the same for each."""
    return (Number("first_after_days", first_after_days, "days",
                   "after the interview, the first one"),
            Number("every_days", 7, "days", "between two"),
            Number("open_business_days", 1, "business days",
                   "after the day it is due, by whose close it is late"),
            Number("at_most", 104, "times", "planned in all (two years of weeks)"))


KEEP_SEARCHING = Rule(
    "keep-searching.weekly", "keep-searching",
    "Every {every_days} days while you wait, from {first_after_days} day after the "
    "interview, keep applying elsewhere (by the close of {open_business_days} business day "
    "after, and at most {at_most} times).",
    "000 §5, 001 §4", _weekly(first_after_days=1))
COMPANY_WATCH = Rule(
    "company-watch.weekly", "company-watch",
    "Every {every_days} days while you wait, from {first_after_days} days after the "
    "interview, look at the company's news, site and social accounts (by the close of "
    "{open_business_days} business day after, and at most {at_most} times).",
    "000 §5", _weekly(first_after_days=3))
NEXT_ROUND = Rule(
    "next-round-prep.on-next-round", "next-round-prep",
    "When a next round is announced, prepare from your questions, answers and "
    "reflection, at the latest by the close of {latest_business_days} business days after "
    "your first business hour.",
    "000 §5, 003 §4",
    _by_close_of(2))
REFEREE_THANKS = Rule(
    "referee-thanks.after-check", "referee-thanks",
    "Thank a reference at your first business hour after hearing they were contacted, at "
    "the latest by the close of {latest_business_days} business day after it.",
    "003 §3",
    _by_close_of(1))
REJECTION_REPLY = Rule(
    "rejection-reply.after-rejection", "rejection-reply",
    "When they tell you no, answer the person who told you (else the recruiter who runs "
    "the process, else your first interviewer) at their next business hour, by the close "
    "of {latest_business_days} business day after it: thank them, ask for a little "
    "feedback, and leave the door open. "
    "Every other pending message and task stops, save your reflection.",
    "002 (handling silence, don't assume the outcome), 003 §1",
    _by_close_of(1))
OFFER_REPLY = Rule(
    "offer-reply.after-offer", "offer-reply",
    "When an offer comes, answer the person who made it (else the recruiter who runs the "
    "process, else your first interviewer) at their next business hour, by the close of "
    "{latest_business_days} business day after it: thank them, ask for the offer in "
    "writing and for time to decide. Status "
    "inquiries and the move-on note stop.",
    "000 §5",
    _by_close_of(1))
WITHDRAWAL = Rule(
    "withdrawal.after-withdrawing", "withdrawal",
    "When you withdraw, tell the person you dealt with (else the recruiter who runs the "
    "process, else your first interviewer) at their next business hour, by the close of "
    "{latest_business_days} business day after it: thank them and say plainly that you "
    "are withdrawing. Every other pending "
    "message and task stops, save your reflection.",
    "002 (professional tone, closing with sincerity)",
    _by_close_of(1))
NEXT_ROUND_THANKS = Rule(
    "next-round-thanks.after-invitation", "next-round-thanks",
    "When a next round is announced, answer the person who invited you (else the recruiter "
    "who runs the process, else your first interviewer) at their next business hour, "
    "by the close of {latest_business_days} business day after it: thank them and confirm "
    "you will take part.",
    "000 §5",
    _by_close_of(1))
BUSINESS_HOURS = Rule(
    "timing.recipient-business-hours", "*",
    "Every message is due inside the recipient's business hours in their own time zone; "
    "your own tasks follow your working week.",
    "002 (time zones)")
NO_HOLIDAYS = Rule(
    "timing.no-holiday-or-closure", "*",
    "Nothing falls on the recipient's weekend, public holidays or customary closures "
    "(Japan's year-end); status inquiries and the move-on note also avoid slow seasons.",
    "000, 002 (cultural expectations)")
DST = Rule(
    "timing.daylight-saving", "*",
    "A business-hours time that the clocks skip moves to the first moment after the "
    "change; one that happens twice takes the first; the action's note says so.",
    "002 (time zones)")
CHANNEL = Rule(
    "channel.as-asked", "*",
    "Messages to the company use the channel they asked for; no call when they asked "
    "for e-mail.",
    "002 (choose the right medium)")
REPLY_STOPS = Rule(
    "status-inquiry.reply-stops", "status-inquiry",
    "Any reply from the company cancels every pending inquiry and the move-on note (a "
    "reply from one of your own references does not: it is not the company's news); an "
    "outcome ends the waiting (a next round only the inquiries and the move-on note).",
    "002 (handling silence)")

RULES: tuple[Rule, ...] = (
    REFLECTION, THANK_YOU, THANK_YOU_LATE, PROMISE, PROMISE_WITH_THANKS, RECRUITER, REFERENCE,
    LINKEDIN,
    INQUIRY_DATE, INQUIRY_THEY_CALL, INQUIRY_WORDS, INQUIRY_NEW_DATE, INQUIRY_BUFFER,
    INQUIRY_AGAIN, INQUIRY_RECRUITER, CHASER_WINDOW, ACROSS_ROUNDS, SLOW_SEASON, REPLY_STOPS,
    MOVE_ON,
    KEEP_SEARCHING, COMPANY_WATCH, NEXT_ROUND, REFEREE_THANKS,
    REJECTION_REPLY, OFFER_REPLY, WITHDRAWAL, NEXT_ROUND_THANKS,
    BUSINESS_HOURS, NO_HOLIDAYS, DST, CHANNEL,
)


def rules() -> list[Rule]:
    """Every timing rule, in the order of the design brief."""
    return list(RULES)


OVERDUE_WINDOW = timedelta(days=30)
"""How far back an agenda (yours, or a consultant's) looks for overdue actions;
older ones are history."""
AHEAD = timedelta(days=7)
"""How far ahead an agenda looks."""
