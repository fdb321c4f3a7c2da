"""Load the parts of the Swedish standard for fields of research (SSIF) that social services research uses."""

from django.db import migrations

SSIF = [
    ("3", "Medicin och hälsovetenskap", "Medical and Health Sciences"),
    ("302", "Klinisk medicin", "Clinical Medicine"),
    ("30215", "Psykiatri", "Psychiatry"),
    ("303", "Hälsovetenskap", "Health Sciences"),
    ("30301", "Hälso- och sjukvårdsorganisation, hälsopolitik och hälsoekonomi",
     "Health Care Service and Management, Health Policy and Services and Health Economy"),
    ("30302", "Folkhälsovetenskap, global hälsa, socialmedicin och epidemiologi",
     "Public Health, Global Health, Social Medicine and Epidemiology"),
    ("30305", "Omvårdnad", "Nursing"),
    ("30309", "Beroendelära", "Substance Abuse"),
    ("5", "Samhällsvetenskap", "Social Sciences"),
    ("501", "Psykologi", "Psychology"),
    ("50101", "Psykologi (exklusive tillämpad psykologi)", "Psychology (excluding Applied Psychology)"),
    ("50102", "Tillämpad psykologi", "Applied Psychology"),
    ("503", "Utbildningsvetenskap", "Educational Sciences"),
    ("50301", "Pedagogik", "Pedagogy"),
    ("504", "Sociologi", "Sociology"),
    ("50401", "Sociologi (exklusive socialt arbete, socialpsykologi och socialantropologi)",
     "Sociology (excluding Social Work, Social Psychology and Social Anthropology)"),
    ("50402", "Socialt arbete", "Social Work"),
    ("50403", "Socialpsykologi", "Social Psychology"),
    ("50404", "Socialantropologi", "Social Anthropology"),
    ("505", "Juridik", "Law"),
    ("50501", "Juridik", "Law"),
    ("506", "Statsvetenskap", "Political Science"),
    ("50603", "Offentlig förvaltning", "Public Administration Studies"),
    ("509", "Annan samhällsvetenskap", "Other Social Sciences"),
    ("50902", "Genusstudier", "Gender Studies"),
    ("50904", "Internationell migration och etniska relationer", "International Migration and Ethnic Relations"),
]


def load(apps, schema_editor):
    SubjectCode = apps.get_model("taxonomy", "SubjectCode")
    by_code = {}
    for code, sv, en in SSIF:
        parent = by_code.get(code[:-2])  # 50402 -> 504 -> 5
        by_code[code], _created = SubjectCode.objects.update_or_create(
            code=code, defaults={"name_sv": sv, "name_en": en, "parent": parent}
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
