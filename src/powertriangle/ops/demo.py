"""The demo: one realistic Esther project, seeded only through the services.

Region Jönköpings län → Eksjö kommun → Hemtjänst Norr runs "Trygg hemgång för Esther": Esther,
her daughter, a district nurse, an assistant nurse, a GP, a coach, the unit manager and a
supporter who helps Esther take part. Two cycles are closed and the third is in interaction, so
every page (triangle, links, votes, actions, reviews, metrics) has something to show. The people
are invented; the texts are in Swedish because the context is Swedish, while factors picked from
the catalogue show in each reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from powertriangle.accounts.services import user_create
from powertriangle.catalogue.models import CatalogueEntry
from powertriangle.catalogue.services import catalogue_for_organisation
from powertriangle.cycles.models import Action, ActionReview, Cycle, Factor
from powertriangle.cycles.services.actions import action_create, action_update_status, review_update
from powertriangle.cycles.services.contributions import factor_create, link_create, vote_cast
from powertriangle.cycles.services.cycles import attendance_set, cycle_advance, cycle_start
from powertriangle.orgs.models import Organisation
from powertriangle.orgs.services import membership_set, organisation_get_or_create_path
from powertriangle.projects.models import Member, Project
from powertriangle.projects.services import member_add, project_create

ORGANISATION_PATH = ("Region Jönköpings län", "Eksjö kommun", "Hemtjänst Norr")
PROJECT_TITLE = "Trygg hemgång för Esther"
ESTHER_QUESTION = (
    "Vad är bäst för Esther när hon flyttar mellan sjukhuset, vårdcentralen och hemtjänsten?"
)
PROJECT_DESCRIPTION = (
    "Demoprojekt med påhittade personer. Esther, 87 år, bor ensam i Eksjö och har under året "
    "skrivits ut från Höglandssjukhuset tre gånger. Vi vill att hemgången blir trygg, och att "
    "Esther och hennes dotter Karin är med och bestämmer hur."
)
COACH_USERNAME = "coach"
MANAGER_USERNAME = "manager"
# Public on purpose: the demo prints it, and it only guards invented data on this machine.
DEMO_PASSWORD = "esther-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoInfo:
    created: bool  # False when the demo was already there and nothing was written
    project_id: int
    organisation: str
    coach_username: str
    manager_username: str
    password: str


# (ref, display name, role, profession)
_MEMBERS = (
    ("esther", "Esther", "person_in_need_of_care", ""),
    ("karin", "Karin (Esthers dotter)", "relative", ""),
    ("anna", "Anna", "professional", "Distriktssköterska"),
    ("lena", "Lena", "professional", "Undersköterska i hemtjänsten"),
    ("johan", "Johan", "professional", "Allmänläkare, vårdcentralen"),
    ("maja", "Maja", "coach", ""),
    ("per", "Per", "manager", "Enhetschef"),
    ("fatima", "Fatima", "supporter", "Stödperson"),
)

# A speaker: ("esther",) speaks herself, ("fatima", "esther") on Esther's behalf, ("anon", "lena")
# anonymously (the author is only used for the role group and never stored).
Speaker = tuple[str, ...]
# (ref, catalogue key or "", dimension, polarity, own words or "", speaker)
FactorSpec = tuple[str, str, str, str, str, Speaker]
# (factor ref, factor ref, note, speaker)
LinkSpec = tuple[str, str, str, Speaker]
# (ref, kind, title, factor refs, owner refs, days until due, speaker)
ActionSpec = tuple[str, str, str, tuple[str, ...], tuple[str, ...], int, Speaker]

# fmt: off
_CYCLE_1_PRESENT = ("esther", "karin", "anna", "lena", "maja", "fatima")
_CYCLE_1_FACTORS: tuple[FactorSpec, ...] = (
    ("c1-continuity", "res-low-continuity", "resources", "barrier", "", ("karin",)),
    ("c1-friday", "", "contexts", "barrier",
     "Mamma kom hem en fredag kväll och ingen i hemtjänsten visste om det.", ("karin",)),
    ("c1-chain", "ctx-fragmented-care-chain", "contexts", "barrier", "", ("anna",)),
    ("c1-burden", "dis-not-a-burden", "discourses", "barrier",
     "Jag vill inte vara till besvär, så jag säger att allt är bra.", ("fatima", "esther")),
    ("c1-we-know", "dis-paternalism", "discourses", "barrier", "", ("anon", "lena")),
    ("c1-dependent", "ctx-dependent-on-caregivers", "contexts", "barrier", "", ("anon", "karin")),
    ("c1-karin-helps", "", "resources", "enabler",
     "Karin hjälper mig att komma ihåg vad doktorn sa.", ("esther",)),
    ("c1-listen", "dis-listen", "discourses", "enabler", "", ("anna",)),
    ("c1-at-home", "ctx-meet-on-persons-terms", "contexts", "enabler", "", ("maja",)),
)
_CYCLE_1_LINKS: tuple[LinkSpec, ...] = (
    ("c1-continuity", "c1-burden",
     "När det kommer ny personal varje dag orkar Esther inte förklara igen, "
     "så hon säger att allt är bra.", ("anna",)),
    ("c1-friday", "c1-continuity",
     "Utan rapport från sjukhuset blir det ännu fler nya ansikten första veckan hemma.",
     ("karin",)),
    ("c1-listen", "c1-at-home",
     "När vi ses hemma hos mig har ni tid att lyssna på riktigt.", ("fatima", "esther")),
)
_CYCLE_1_VOTES = (
    ("esther", "c1-friday"), ("esther", "c1-burden"), ("karin", "c1-friday"),
    ("karin", "c1-continuity"), ("anna", "c1-continuity"), ("lena", "c1-friday"),
    ("maja", "c1-listen"), ("fatima", "c1-burden"),
)
_CYCLE_1_ACTIONS: tuple[ActionSpec, ...] = (
    ("a-discharge", "handle_barrier",
     "Sjukhuset ringer hemtjänsten och distriktssköterskan dagen före hemgång",
     ("c1-friday", "c1-chain"), ("anna", "karin"), -30, ("anna",)),
    ("a-team", "handle_barrier", "Ett fast team på fyra undersköterskor hos Esther",
     ("c1-continuity",), ("lena", "per"), -20, ("lena",)),
    ("a-note", "reinforce_enabler",
     "Esther skriver, med Fatimas hjälp, ner tre saker hon vill att personalen vet om henne",
     ("c1-karin-helps", "c1-listen"), ("esther", "fatima"), -25, ("fatima", "esther")),
)

_CYCLE_2_PRESENT = ("esther", "karin", "anna", "lena", "johan", "maja", "per", "fatima")
_CYCLE_2_REVIEWS = {
    "a-discharge": ("done", "Sjukhuset ringde före hemgången i mars; Karin fick veta dagen innan."),
    "a-team": ("doing", "Tre av fyra i teamet är på plats; semestrarna gör det svårare."),
    "a-note": ("done", "Esthers lapp sitter på kylskåpet, och ny personal läser den först."),
}
_CYCLE_2_FACTORS: tuple[FactorSpec, ...] = (
    ("c2-known-faces", "res-continuity", "resources", "enabler",
     "Nu känner jag igen de flesta som kommer hem till mig.", ("esther",)),
    ("c2-no-time", "res-no-time", "resources", "barrier", "", ("johan",)),
    ("c2-gp-unaware", "", "contexts", "barrier",
     "Vårdcentralen får inte veta när hemtjänsten ser att Esther blir sämre.", ("johan",)),
    ("c2-karin-tired", "", "resources", "barrier",
     "Det är jag som håller ihop allt, och jag orkar inte alltid.", ("karin",)),
    ("c2-ask-me", "dis-ask-needs", "discourses", "enabler",
     "Fråga mig först, innan ni bestämmer något om min vård.", ("fatima", "esther")),
    ("c2-experience", "dis-experience-is-knowledge", "discourses", "enabler", "", ("maja",)),
    ("c2-staff-terms", "ctx-meetings-on-staff-terms", "contexts", "barrier", "", ("anon", "per")),
)
_CYCLE_2_LINKS: tuple[LinkSpec, ...] = (
    ("c2-gp-unaware", "c2-no-time",
     "När ingen hinner ringa någon annan faller det viktiga mellan stolarna.", ("johan",)),
    ("c2-karin-tired", "c2-ask-me",
     "Om ni frågade mamma direkt skulle inte allt behöva gå genom mig.", ("karin",)),
    ("c2-staff-terms", "c2-experience",
     "Esthers erfarenhet kommer bara fram om mötet hålls där hon orkar vara med.", ("maja",)),
)
_CYCLE_2_VOTES = (
    ("esther", "c2-ask-me"), ("karin", "c2-karin-tired"), ("karin", "c2-ask-me"),
    ("johan", "c2-gp-unaware"), ("anna", "c2-gp-unaware"), ("per", "c2-staff-terms"),
    ("fatima", "c2-ask-me"),
)
_CYCLE_2_ACTIONS: tuple[ActionSpec, ...] = (
    ("a-home-visit", "handle_barrier",
     "Husläkaren träffar Esther hemma, tillsammans med Karin och Johan",
     ("c2-gp-unaware", "c2-ask-me"), ("johan", "esther"), -5, ("johan",)),
    ("a-meet-at-home", "reinforce_enabler",
     "Förbättringsmötena hålls hemma hos Esther eller per telefon",
     ("c2-experience",), ("maja", "per"), -3, ("per",)),
    ("a-contact", "handle_barrier", "Karin får en kontaktperson i hemtjänsten att ringa",
     ("c2-karin-tired",), ("karin", "lena"), 10, ("karin",)),
)

_CYCLE_3_PRESENT = ("esther", "karin", "anna", "lena", "johan", "maja", "fatima")
_CYCLE_3_REVIEWS = {
    "a-home-visit": ("done", "Mötet blev av; Esther säger att hon äntligen blev lyssnad på."),
    "a-meet-at-home": ("done", "Två möten hölls hemma hos Esther; det andra ledde hon själv."),
    "a-contact": ("dropped", "Kontaktpersonen slutade; vi tar upp det igen i den här cykeln."),
}
_CYCLE_3_FACTORS: tuple[FactorSpec, ...] = (
    ("c3-together", "ctx-care-chain-together", "contexts", "enabler", "", ("anna",)),
    ("c3-turnover", "res-staff-turnover", "resources", "barrier", "", ("anon", "lena")),
    ("c3-shower", "dis-active-subject", "discourses", "enabler",
     "Jag vill själv bestämma när jag duschar.", ("fatima", "esther")),
    ("c3-who-to-call", "", "contexts", "enabler",
     "Nu vet jag vem jag ska ringa när något händer med mamma.", ("karin",)),
    ("c3-pictures", "res-adapted-participation", "resources", "enabler", "", ("maja",)),
    ("c3-care-plan", "dis-unquestioned-habits", "discourses", "barrier",
     "Vi skriver fortfarande vårdplanen utan Esther, för att vi alltid har gjort så.",
     ("johan",)),
)
_CYCLE_3_LINKS: tuple[LinkSpec, ...] = (
    ("c3-care-plan", "c3-together",
     "Vårdplanen kan bli den plats där sjukhus, vårdcentral och hemtjänst möter Esther.",
     ("anna",)),
    ("c3-turnover", "c3-shower",
     "Ny personal vet inte att Esther själv vill bestämma, så hennes vilja måste stå i planen.",
     ("lena",)),
    ("c3-pictures", "c3-who-to-call",
     "Med bilder på vem som kommer vilken dag vet både mamma och jag vem vi ska ringa.",
     ("karin",)),
)
_CYCLE_3_VOTES = (
    ("esther", "c3-shower"), ("karin", "c3-care-plan"), ("anna", "c3-care-plan"),
    ("johan", "c3-together"),
)
# fmt: on


def demo_seed() -> DemoInfo:
    """Create the demo organisation, accounts and project once; later calls write nothing.

    Refused (ValidationError) in production: the demo accounts' password is public.
    """
    if settings.PRODUCTION:
        raise ValidationError(
            _(
                "The demo accounts have a public password, so the demo is not added when "
                "POWERTRIANGLE_ENV=production."
            ),
            code="production",
        )
    with translation.override("sv"), transaction.atomic():
        unit = organisation_get_or_create_path(list(ORGANISATION_PATH))
        assert unit.parent is not None
        coach = _account(COACH_USERNAME, unit, "coach")
        _account(MANAGER_USERNAME, unit.parent, "manager")
        project = Project.objects.filter(organisation=unit, title=PROJECT_TITLE).first()
        created = project is None
        if project is None:
            project = _seed_project(coach, unit)
    return DemoInfo(
        created=created,
        project_id=project.pk,
        organisation=" / ".join(ORGANISATION_PATH),
        coach_username=COACH_USERNAME,
        manager_username=MANAGER_USERNAME,
        password=DEMO_PASSWORD,
    )


def _account(username: str, organisation: Organisation, role: str) -> User:
    """The demo account; an existing one keeps its password and gets the membership."""
    existing = get_user_model().objects.filter(username=username).first()
    if existing is None:
        return user_create(
            username=username, password=DEMO_PASSWORD, organisation=organisation, role=role
        )
    assert isinstance(existing, User)
    membership_set(user=existing, organisation=organisation, role=role)
    return existing


class _Seeder:
    """Runs the tables above through the services, remembering what each ref became."""

    def __init__(self, coach: User, project: Project) -> None:
        self.coach = coach
        self.project = project
        self.members: dict[str, Member] = {}
        self.factors: dict[str, Factor] = {}
        self.actions: dict[str, int] = {}
        catalogue = catalogue_for_organisation(project.organisation)
        self.entries = {e.key: e for e in CatalogueEntry.objects.filter(catalogue=catalogue)}
        self.today = timezone.localdate()

    def voice(self, speaker: Speaker) -> tuple[Member, Member | None, bool]:
        """(author, on behalf of, anonymous) for a speaker of the tables above."""
        if speaker[0] == "anon":
            return self.members[speaker[1]], None, True
        behalf = self.members[speaker[1]] if len(speaker) > 1 else None
        return self.members[speaker[0]], behalf, False

    def factor(self, cycle: Cycle, spec: FactorSpec) -> None:
        ref, key, dimension, polarity, words, speaker = spec
        entry: CatalogueEntry | None = self.entries.get(key) if key else None
        if entry is None and not words:
            # A key the catalogue no longer has: say it in our own words instead.
            words = f"({key})"
        author, behalf, anonymous = self.voice(speaker)
        self.factors[ref] = factor_create(
            by=self.coach,
            cycle=cycle,
            dimension=dimension,
            polarity=polarity,
            text=words,
            catalogue_entry=entry,
            author=author,
            on_behalf_of=behalf,
            anonymous=anonymous,
        )

    def interaction(
        self, cycle: Cycle, links: Sequence[LinkSpec], votes: Sequence[tuple[str, str]]
    ) -> Cycle:
        cycle = cycle_advance(by=self.coach, cycle=cycle, to="interaction")
        for first, second, note, speaker in links:
            author, behalf, anonymous = self.voice(speaker)
            link_create(
                by=self.coach,
                cycle=cycle,
                factor_a=self.factors[first],
                factor_b=self.factors[second],
                note=note,
                author=author,
                on_behalf_of=behalf,
                anonymous=anonymous,
            )
        for member, factor in votes:
            vote_cast(
                by=self.coach, cycle=cycle, factor=self.factors[factor], member=self.members[member]
            )
        return cycle

    def action(self, cycle: Cycle, spec: ActionSpec) -> None:
        ref, kind, title, factor_refs, owner_refs, due_in, speaker = spec
        author, behalf, anonymous = self.voice(speaker)
        action = action_create(
            by=self.coach,
            cycle=cycle,
            kind=kind,
            title=title,
            factors=[self.factors[r] for r in factor_refs],
            owners=[self.members[r] for r in owner_refs],
            due=self.today + dt.timedelta(days=due_in),
            author=author,
            on_behalf_of=behalf,
            anonymous=anonymous,
        )
        self.actions[ref] = action.pk

    def reviews(self, cycle: Cycle, notes: dict[str, tuple[str, str]]) -> None:
        for ref, (status, note) in notes.items():
            review = ActionReview.objects.get(cycle=cycle, action_id=self.actions[ref])
            review_update(
                by=self.coach, review=review, status=status, note=note, version=review.version
            )

    def cycle(
        self,
        present: Sequence[str],
        factors: Sequence[FactorSpec],
        links: Sequence[LinkSpec],
        votes: Sequence[tuple[str, str]],
        reviews: dict[str, tuple[str, str]],
    ) -> Cycle:
        cycle = cycle_start(by=self.coach, project=self.project)
        attendance_set(by=self.coach, cycle=cycle, members=[self.members[m] for m in present])
        self.reviews(cycle, reviews)
        for spec in factors:
            self.factor(cycle, spec)
        return self.interaction(cycle, links, votes)


def _seed_project(coach: User, unit: Organisation) -> Project:
    project = project_create(
        by=coach,
        organisation=unit,
        title=PROJECT_TITLE,
        esther_question=ESTHER_QUESTION,
        description=PROJECT_DESCRIPTION,
    )
    seeder = _Seeder(coach, project)
    for ref, name, role, profession in _MEMBERS:
        seeder.members[ref] = member_add(
            by=coach, project=project, display_name=name, role=role, profession=profession
        )

    first = seeder.cycle(_CYCLE_1_PRESENT, _CYCLE_1_FACTORS, _CYCLE_1_LINKS, _CYCLE_1_VOTES, {})
    _plan_and_close(seeder, first, _CYCLE_1_ACTIONS, doing=("a-team",))
    second = seeder.cycle(
        _CYCLE_2_PRESENT, _CYCLE_2_FACTORS, _CYCLE_2_LINKS, _CYCLE_2_VOTES, _CYCLE_2_REVIEWS
    )
    _plan_and_close(seeder, second, _CYCLE_2_ACTIONS, doing=("a-home-visit",))
    # The third cycle stays open, in interaction, for the visitor to carry on.
    seeder.cycle(
        _CYCLE_3_PRESENT, _CYCLE_3_FACTORS, _CYCLE_3_LINKS, _CYCLE_3_VOTES, _CYCLE_3_REVIEWS
    )
    return project


def _plan_and_close(
    seeder: _Seeder, cycle: Cycle, actions: Sequence[ActionSpec], *, doing: Sequence[str]
) -> None:
    cycle = cycle_advance(by=seeder.coach, cycle=cycle, to="action")
    for spec in actions:
        seeder.action(cycle, spec)
    for ref in doing:
        action = Action.objects.get(pk=seeder.actions[ref])
        action_update_status(by=seeder.coach, action=action, status="doing", version=action.version)
    cycle_advance(by=seeder.coach, cycle=cycle, to="closed")
