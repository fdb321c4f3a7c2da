"""The podcast in the site search: shows and episodes with their transcripts.

Access mirrors `show_for_user` and `episode_for_user`: an episode is heard by the public only when
it is released (published and its time has come) and its show may be seen; drafts and scheduled
episodes, and everything of a restricted show, are for R&D coordinators (who edit the podcast).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bryggan.core.models import Visibility
from bryggan.search.kinds import (
    COORDINATORS,
    both_languages,
    choice_labels,
    html_text,
    lines,
    model_label,
    names,
)
from bryggan.search.registry import Document
from bryggan.search.registry import register as register_kind


def _credits(credits: Any) -> str:
    return " ".join(
        f"{credit.display_name} {credit.affiliation} {choice_labels(type(credit).Role, credit.role)}"
        for credit in credits
    )


def _audience(visibility: str) -> tuple[str, list[str]]:
    """Return the visibility and grants of something of a show with this visibility."""
    if visibility == Visibility.RESTRICTED:
        # Show.restricted_q holds no members: only coordinators and platform staff see it.
        return Visibility.RESTRICTED, [COORDINATORS]
    return visibility, []


def show_document(show: Any) -> Document:
    visibility, allowed = _audience(show.visibility)
    return Document(
        title=show.title,
        url=show.get_absolute_url(),
        body=show.description,
        keywords=lines(
            both_languages(_("Podcast")),
            show.author,
            show.get_category_display(),
            _credits(show.credits.all()),
            names(show.topics.all()),
            names(show.priority_areas.all()),
        ),
        language=show.language,
        date=show.created_at,
        topics=[t.pk for t in show.topics.all()],
        priority_areas=[a.pk for a in show.priority_areas.all()],
        visibility=visibility,
        allowed=allowed,
    )


def episode_document(episode: Any) -> Document:
    visibility, allowed = _audience(episode.show.visibility)
    if not episode.is_released:
        visibility, allowed = Visibility.RESTRICTED, [COORDINATORS]
    published = episode.publish_at or episode.created_at
    return Document(
        title=episode.title,
        url=episode.get_absolute_url(),
        # The transcript is the body: words spoken in the episode find it, with the passage.
        body=lines(
            episode.description,
            html_text(episode.show_notes_html),
            episode.transcript_text,
        ),
        keywords=lines(
            episode.show.title,
            _credits(episode.credits.all()),
            choice_labels(type(episode).Kind, episode.episode_type),
            names(episode.topics.all()),
            names(episode.priority_areas.all()),
        ),
        language=episode.show.language,
        year=timezone.localtime(published).year,
        date=published,
        topics=[t.pk for t in episode.topics.all()],
        priority_areas=[a.pk for a in episode.priority_areas.all()],
        visibility=visibility,
        allowed=allowed,
    )


def register() -> None:
    from bryggan.people.models import Person
    from bryggan.podcast.models import Episode, EpisodeCredit, Show, ShowCredit

    register_kind(
        Show,
        kind="podcast",
        label=_("Podcast"),
        document=show_document,
        queryset=lambda: Show.objects.prefetch_related(
            "credits__person", "topics", "priority_areas"
        ),
        # Credits are written with bulk_create after the show is saved.
        depends_on={ShowCredit: lambda credit: [credit.show]},
    )
    register_kind(
        Episode,
        kind="episode",
        label=model_label(Episode),
        document=episode_document,
        queryset=lambda: Episode.objects.select_related("show").prefetch_related(
            "credits__person", "topics", "priority_areas"
        ),
        depends_on={
            Show: lambda show: show.episodes.all(),
            EpisodeCredit: lambda credit: [credit.episode],
            Person: lambda person: Episode.objects.filter(credits__person=person).distinct(),
        },
        # A scheduled episode is released when its time comes, without any write: the
        # catch-up picks it up by its publication time.
        changed_since=lambda moment: Q(updated_at__gte=moment) | Q(publish_at__gte=moment),
    )
