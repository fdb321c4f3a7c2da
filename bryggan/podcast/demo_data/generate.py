"""Make the demo episodes' audio and transcripts (run by hand; the results are committed).

Every line of each script is spoken by espeak-ng (Swedish voices), the lines are joined with short
pauses after a three-note jingle, and the whole is encoded as MP3 with lame. The transcript's time
stamps come from the real length of each spoken line, so they match the audio exactly.

    apt-get install espeak-ng sox lame fonts-dejavu-core
    .venv/bin/python bryggan/podcast/demo_data/generate.py

Everyone in the scripts is fictional.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATE = 22050
PAUSE = 0.45
JINGLE = 1.4

VOICES = {
    "Anna Forsberg": "sv+f3",
    "Maria Ekdahl": "sv+f2",
    "Karin Lundgren": "sv+f4",
    "Ahmed Svensson": "sv+m3",
    "Sofia Engström": "sv+f1",
    "Ingrid Björk": "sv+f5",
    "Lena Ström": "sv+f2",
    "Johan Almgren": "sv+m1",
}

EPISODES: dict[str, dict] = {
    "00-valkommen": {
        "format": "vtt",
        "title": "Välkommen till forskningspodden",
        "lines": [
            (
                "Anna Forsberg",
                "Hej och välkommen till forskningspodden Mot ett socialtjänstuniversitet.",
            ),
            ("Anna Forsberg", "Jag heter Anna Forsberg och är FoU-samordnare i Jönköpings kommun."),
            ("Maria Ekdahl", "Och jag är Maria Ekdahl, forskare vid Hälsohögskolan i Jönköping."),
            (
                "Maria Ekdahl",
                "Här möter forskare och socialsekreterare varandra för att prata om ny forskning.",
            ),
            (
                "Anna Forsberg",
                "Vi frågar alltid: vad betyder det här för arbetet i socialtjänsten?",
            ),
            ("Anna Forsberg", "Varje avsnitt har en utskrift, så att alla kan ta del av samtalet."),
        ],
    },
    "01-unga-och-tramadol": {
        "format": "vtt",
        "title": "Unga och tramadol",
        "lines": [
            ("Anna Forsberg", "I dag pratar vi om unga som använder tramadol utan recept."),
            ("Anna Forsberg", "Med oss har vi Karin Lundgren, professor i socialt arbete i Lund."),
            (
                "Karin Lundgren",
                "Tack. Vi har intervjuat unga och socialsekreterare om hur användningen börjar.",
            ),
            (
                "Karin Lundgren",
                "Många beskriver tramadol som ett sätt att dämpa oro, inte som en fest.",
            ),
            ("Anna Forsberg", "Vad betyder det för socialsekreterare som möter de här ungdomarna?"),
            (
                "Karin Lundgren",
                "Att fråga om mående och sömn, inte bara om droger, öppnar ofta samtalet.",
            ),
            (
                "Anna Forsberg",
                "Tack Karin. Resultaten presenteras också på ett forskningsseminarium i vår.",
            ),
        ],
    },
    "02-stodgrupper-for-barn": {
        "format": "vtt",
        "title": "Stödgrupper för barn",
        "lines": [
            (
                "Anna Forsberg",
                "Det här avsnittet handlar om stödgrupper för barn i familjer med missbruk.",
            ),
            ("Maria Ekdahl", "Vi har följt grupper i tre kommuner under två år."),
            (
                "Maria Ekdahl",
                "Barnen säger att det viktigaste är att träffa andra i samma situation.",
            ),
            ("Lena Ström", "Det känner vi igen. Barnen slutar tro att det är deras fel."),
            ("Anna Forsberg", "Lena, vad har ni ändrat i er verksamhet efter studien?"),
            ("Lena Ström", "Vi erbjuder nu föräldrarna ett eget samtal när gruppen börjar."),
            (
                "Maria Ekdahl",
                "Det stämmer väl med vad forskningen visar om föräldrarnas betydelse.",
            ),
        ],
    },
    "03-existentiella-fragor-hvb": {
        "format": "srt",
        "title": "Existentiella frågor för unga på HVB",
        "lines": [
            ("Anna Forsberg", "Vi ska prata om existentiella frågor hos unga som bor på HVB."),
            ("Ahmed Svensson", "Unga på HVB funderar mycket på mening, skuld och framtid."),
            (
                "Ahmed Svensson",
                "Men personalen känner sig ofta osäker på hur de ska bemöta frågorna.",
            ),
            (
                "Sofia Engström",
                "Jag arbetade själv som socialsekreterare innan jag blev doktorand.",
            ),
            ("Sofia Engström", "I min studie ser jag att det räcker långt att våga lyssna."),
            ("Anna Forsberg", "Vad kan ett boende göra redan i morgon?"),
            ("Ahmed Svensson", "Avsätta tid i personalgruppen för att prata om de här samtalen."),
        ],
    },
    "04-kunskapsstyrning": {
        "format": "vtt",
        "title": "Kunskapsstyrning i socialtjänsten",
        "lines": [
            ("Anna Forsberg", "Kunskapsstyrning är ett ord som många använder men få förklarar."),
            (
                "Ingrid Björk",
                "Det handlar om hur forskning och beprövad erfarenhet styr det dagliga arbetet.",
            ),
            ("Ingrid Björk", "Den nya socialtjänstlagen kräver en kunskapsbaserad socialtjänst."),
            (
                "Johan Almgren",
                "Som enhetschef vill jag veta vad som fungerar, och att vi följer upp det.",
            ),
            (
                "Ingrid Björk",
                "Systematisk uppföljning ger indikationer, inte bevis, men den visar riktningen.",
            ),
            ("Anna Forsberg", "Tack för att ni lyssnade. Nästa gång pratar vi om samverkan."),
        ],
    },
    "05-samverkan": {
        "format": "vtt",
        "title": "Samverkan mellan forskning och praktik",
        "lines": [
            (
                "Anna Forsberg",
                "Hur får man forskare och socialsekreterare att arbeta tillsammans på riktigt?",
            ),
            ("Maria Ekdahl", "Det börjar med frågor som kommer från praktiken."),
            ("Johan Almgren", "Och med att chefer ger tid till att läsa och diskutera forskning."),
        ],
    },
}


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def seconds(path: Path) -> float:
    return float(run("soxi", "-D", str(path)))


def stamp(value: float, sep: str) -> str:
    millis = round(value * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def jingle(work: Path) -> Path:
    notes = []
    for n, freq in enumerate((523.25, 659.25, 783.99)):
        note = work / f"note{n}.wav"
        run(
            "sox", "-n", "-r", str(RATE), "-c", "1", str(note),
            "synth", "0.4", "sine", str(freq), "fade", "0.02", "0.4", "0.15", "vol", "0.35",
        )  # fmt: skip
        notes.append(str(note))
    out = work / "jingle.wav"
    run("sox", *notes, str(out), "pad", "0", str(JINGLE - 1.2))
    return out


def make(key: str, spec: dict, work: Path) -> None:
    silence = work / "pause.wav"
    run("sox", "-n", "-r", str(RATE), "-c", "1", str(silence), "trim", "0", str(PAUSE))
    parts = [str(jingle(work))]
    cues = []
    at = JINGLE
    for n, (speaker, text) in enumerate(spec["lines"]):
        raw = work / f"{key}-{n}-raw.wav"
        line = work / f"{key}-{n}.wav"
        run("espeak-ng", "-v", VOICES[speaker], "-s", "150", "-w", str(raw), text)
        run("sox", str(raw), "-r", str(RATE), "-c", "1", str(line))
        length = seconds(line)
        cues.append((at, at + length, speaker, text))
        parts += [str(line), str(silence)]
        at += length + PAUSE
    wav = work / f"{key}.wav"
    run("sox", *parts, str(wav))
    mp3 = HERE / f"{key}.mp3"
    run(
        "lame", "--quiet", "-m", "m", "-b", "32", "--resample", "22.05",
        "--tt", spec["title"], "--ta", "Mot ett socialtjänstuniversitet", str(wav), str(mp3),
    )  # fmt: skip
    if spec["format"] == "vtt":
        body = ["WEBVTT", ""]
        for n, (start, end, speaker, text) in enumerate(cues, start=1):
            body += [
                str(n),
                f"{stamp(start, '.')} --> {stamp(end, '.')}",
                f"<v {speaker}>{text}",
                "",
            ]
        (HERE / f"{key}.vtt").write_text("\n".join(body), encoding="utf-8")
    else:
        body = []
        for n, (start, end, speaker, text) in enumerate(cues, start=1):
            body += [str(n), f"{stamp(start, ',')} --> {stamp(end, ',')}", f"{speaker}: {text}", ""]
        (HERE / f"{key}.srt").write_text("\n".join(body), encoding="utf-8")


def artwork() -> None:
    """Draw the show's artwork: a 1400 × 1400 px PNG with a bridge over water and the title."""
    from PIL import Image, ImageDraw, ImageFont

    size = 1400
    image = Image.new("RGB", (size, size), (11, 79, 108))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 980, size, size], fill=(7, 52, 71))
    draw.arc([150, 560, 1250, 1400], start=180, end=360, fill=(255, 191, 71), width=36)
    for x in range(260, 1200, 110):  # hangers from the deck up to the arch
        top = 980 - 420 * (1 - ((x - 700) / 550) ** 2) ** 0.5
        draw.line([x, 990, x, top + 24], fill=(255, 191, 71), width=10)
    title = ImageFont.truetype("DejaVuSans-Bold.ttf", 112)
    small = ImageFont.truetype("DejaVuSans.ttf", 68)
    for n, line in enumerate(("Mot ett", "socialtjänst-", "universitet")):
        draw.text((110, 140 + n * 130), line, font=title, fill="white")
    draw.text((110, 1150), "Forskningspodden", font=small, fill="white")
    image.save(HERE / "artwork.png", format="PNG", optimize=True)


def main() -> None:
    artwork()
    with tempfile.TemporaryDirectory() as tmp:
        for key, spec in EPISODES.items():
            make(key, spec, Path(tmp))
            print(key)


if __name__ == "__main__":
    main()
