from bryggan.core.sitemaps import PublicSitemap, visible_to_anyone
from bryggan.portfolio.models import PhdStudent, Project

sitemaps = {
    "projects": PublicSitemap(visible_to_anyone(Project.objects.active())),
    "phd-students": PublicSitemap(visible_to_anyone(PhdStudent.objects.active())),
}
