"""Questions from practice for the sitemap: published questions and published Top 10 rounds."""

from bryggan.core.sitemaps import PublicSitemap, visible_to_anyone
from bryggan.questions.models import Question, Round, Status

sitemaps = {
    # Merged questions only lead to the question they were merged into.
    "questions": PublicSitemap(visible_to_anyone(Question.objects.exclude(status=Status.MERGED))),
    "question-rounds": PublicSitemap(Round.objects.filter(published_at__isnull=False)),
}
