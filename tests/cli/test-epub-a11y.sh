#!/usr/bin/env bash
# Accessible e-books: the package metadata EPUB Accessibility 1.1 requires
# (https://www.w3.org/TR/epub-a11y-11/#sec-discovery: accessMode,
# accessModeSufficient, accessibilityFeature, accessibilityHazard,
# accessibilitySummary; conformsTo only when every picture has alt text),
# values from schema.org's vocabularies, front-matter overrides, the print
# edition's source with --page-list, DPUB-ARIA roles and labels in the
# navigation, lang and xml:lang on every XHTML file (inferred ones too),
# underlined links; read with xmllint's XPath.  Then epubcheck with no
# message, and DAISY Ace (ace-puppeteer with Debian's chromium) with no
# critical and no serious violation on the samples and five corpus books.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=0
BOOKS=()
book () { # book NAME INPUT [OPTIONS...]: writes and unzips NAME.epub
  local name=$1 input=$2; shift 2
  "$BIFOLIO" "$input" "$@" -o "$OUT/$name.epub" 2>"$OUT/$name.err"
  check "$name: written" test $? -eq 0
  BOOKS+=("$name")
  rm -rf "$OUT/$name.d" && mkdir -p "$OUT/$name.d" && (cd "$OUT/$name.d" && unzip -q ../$name.epub)
}
# The text of the OPF's <meta property=PROPERTY>s, one a line.
meta () { # meta NAME PROPERTY
  xmllint --xpath "//*[local-name()='meta'][@property='$2']/text()" "$OUT/$1.d/OEBPS/content.opf" \
    2>/dev/null
}
xpath () { # xpath FILE EXPRESSION: the expression's value
  xmllint --xpath "$2" "$1" 2>/dev/null
}
has_meta () { # has_meta NAME PROPERTY VALUE
  meta "$1" "$2" | grep -xF "$3" >/dev/null
}
lacks_meta () { # lacks_meta NAME PROPERTY
  [ -z "$(meta "$1" "$2")" ]
}
# Every value of PROPERTY is one of the words given (a vocabulary).
all_in () { # all_in NAME PROPERTY WORD...
  local name=$1 property=$2 value; shift 2
  local values
  values=$(meta "$name" "$property")
  [ -n "$values" ] || return 1
  while IFS= read -r value; do
    printf '%s\n' "$@" | grep -xF "$value" >/dev/null || { echo "  $property: $value" >&2; return 1; }
  done <<< "$values"
}

# schema.org's vocabularies (https://www.w3.org/2021/a11y-discov-vocab/latest/).
ACCESS_MODES=(auditory chartOnVisual chemOnVisual colorDependent diagramOnTactile diagramOnVisual
              mathOnVisual musicOnVisual tactile textOnVisual textual visual)
FEATURES=(annotations ARIA bookmarks index printPageNumbers pageBreakMarkers pageNavigation
          readingOrder structuralNavigation tableOfContents taggedPDF alternativeText audioDescription
          captions closedCaptions describedMath longDescription openCaptions signLanguage
          transcript displayTransformability synchronizedAudioText timingControl unlocked ChemML
          latex MathML ttsMarkup highContrastAudio highContrastDisplay largePrint braille
          tactileGraphic tactileObject fullRubyAnnotations horizontalWriting rubyAnnotations
          verticalWriting withAdditionalWordSegmentation withoutAdditionalWordSegmentation none)
HAZARDS=(flashing noFlashingHazard unknownFlashingHazard motionSimulation noMotionSimulationHazard
         unknownMotionSimulationHazard sound noSoundHazard unknownSoundHazard unknown none)
SUFFICIENT=(textual visual auditory tactile "textual,visual" "textual,auditory" "auditory,visual")
WCAG_AA="EPUB Accessibility 1.1 - WCAG 2.1 Level AA"

required_metadata () { # required_metadata NAME: the properties, from their vocabularies
  local name=$1
  check "$name: accessMode from schema.org" all_in "$name" schema:accessMode "${ACCESS_MODES[@]}"
  check "$name: accessModeSufficient" all_in "$name" schema:accessModeSufficient "${SUFFICIENT[@]}"
  check "$name: accessibilityFeature from schema.org" \
    all_in "$name" schema:accessibilityFeature "${FEATURES[@]}"
  check "$name: accessibilityHazard from schema.org" all_in "$name" schema:accessibilityHazard "${HAZARDS[@]}"
  check "$name: accessibilitySummary" test -n "$(meta "$name" schema:accessibilitySummary)"
}

# Every XHTML file (chapters, cover, navigation) says its language, and
# lang and xml:lang agree.
every_file_has_lang () { # every_file_has_lang NAME LANG
  local f lang xml_lang
  for f in "$OUT/$1.d"/OEBPS/*.xhtml; do
    lang=$(xpath "$f" "string(/*/@lang)")
    xml_lang=$(xpath "$f" "string(/*/@*[local-name()='lang' and namespace-uri()='http://www.w3.org/XML/1998/namespace'])")
    [ "$lang" = "$2" ] && [ "$xml_lang" = "$2" ] || { echo "  $f: lang=$lang xml:lang=$xml_lang" >&2; return 1; }
  done
}

# ----------------------------------------------------------- the samples
book letter "$SRC/samples/letter.md"
book letter-pages "$SRC/samples/letter.md" --page-list
book letter-fa "$SRC/samples/letter-fa.md"
book readme "$SRC/samples/README.md"
for name in letter letter-pages letter-fa readme; do
  required_metadata "$name"
done
# The letter: English and Persian text, a drawn cover with its title as alt.
check "letter: textual and visual (the cover)" \
  test "$(meta letter schema:accessMode | sort | tr '\n' ' ')" = "textual visual "
check "letter: text alone suffices" has_meta letter schema:accessModeSufficient textual
check "letter: alternativeText" has_meta letter schema:accessibilityFeature alternativeText
check "letter: no hazard" has_meta letter schema:accessibilityHazard none
check "letter: no page navigation without --page-list" \
  bash -c "! grep -q pageNavigation <<< \"\$1\"" _ "$(meta letter schema:accessibilityFeature)"
check "letter: conforms to WCAG 2.1 AA" has_meta letter dcterms:conformsTo "$WCAG_AA"
check "letter: certified by its author" has_meta letter a11y:certifiedBy "Masoud Kazemzadeh"
check "letter: no dc:source without a page list" \
  test "$(xpath "$OUT/letter.d/OEBPS/content.opf" "count(//*[local-name()='source'])")" = 0
check "letter: every file in English" every_file_has_lang letter en
check "letter-fa: every file in Persian" every_file_has_lang letter-fa fa
check "readme: every file in English" every_file_has_lang readme en

# The page list: pageNavigation, and the print edition as dc:source, the
# pagination's source (EPUB 3.2's source-of).
check "letter-pages: pageNavigation" has_meta letter-pages schema:accessibilityFeature pageNavigation
identifier=$(xpath "$OUT/letter-pages.d/OEBPS/content.opf" "string(//*[local-name()='identifier'])")
source_id=$(xpath "$OUT/letter-pages.d/OEBPS/content.opf" "string(//*[local-name()='source']/@id)")
check "letter-pages: dc:source is the book's identifier" \
  test "$(xpath "$OUT/letter-pages.d/OEBPS/content.opf" "string(//*[local-name()='source'])")" = "$identifier"
check "letter-pages: dc:source is the source of the pagination" \
  test "$(xpath "$OUT/letter-pages.d/OEBPS/content.opf" \
          "string(//*[local-name()='meta'][@refines='#$source_id'][@property='source-of'])")" = pagination

# The navigation: DPUB-ARIA roles, each nav labelled by a heading it holds.
nav=$OUT/letter-pages.d/OEBPS/nav.xhtml
check "nav: toc has role doc-toc" \
  test "$(xpath "$nav" "string(//*[local-name()='nav'][@*[local-name()='type']='toc']/@role)")" = doc-toc
check "nav: page-list has role doc-pagelist" \
  test "$(xpath "$nav" "string(//*[local-name()='nav'][@*[local-name()='type']='page-list']/@role)")" = doc-pagelist
check "nav: three navs, each labelled by its own heading" \
  test "$(xpath "$nav" "count(//*[local-name()='nav'][@aria-labelledby = ./*/@id])")" = 3
labels=$(xpath "$nav" "//*[local-name()='nav']/*[@id = ../@aria-labelledby]/text()" | sort -u | wc -l)
check "nav: the labels differ" test "$labels" = 3
# In a Persian book the navigation's English words say they are English.
check "letter-fa nav: its English heading marked en" \
  test "$(xpath "$OUT/letter-fa.d/OEBPS/nav.xhtml" "string(//*[local-name()='h1']/@lang)")" = en

# Links are underlined in the default sheet, as the EPUB carries it.
check "style.css: links underlined" \
  bash -c "awk '/^a \\{/,/\\}/' \"\$1\" | grep -q 'text-decoration: underline'" _ \
  "$OUT/letter.d/OEBPS/style.css"

# ------------------------------------------------ languages not given
printf 'Plain English text with no language given.\n\n# A heading\n\nMore words.\n' > "$OUT/plain.md"
book plain "$OUT/plain.md"
check "plain: every file in English (dc:language's default)" every_file_has_lang plain en
sed -n '/^---$/,/^---$/!p' "$SRC/samples/letter-fa.md" | grep -v '^lang:' > "$OUT/persian.md"
book persian "$OUT/persian.md"
check "persian: every file in Persian, inferred from the letters" every_file_has_lang persian fa

# ------------------------------------------------ pictures without alt text
mkdir -p "$OUT/pics"
cp "$SRC/docs/letter-page-1.png" "$OUT/pics/page.png"
printf -- '---\ntitle: Pictures\nlang: en\n---\n\n# One\n\n![A page of the letter](page.png)\n\n![](page.png)\n' \
  > "$OUT/pics/no-alt.md"
printf -- '---\ntitle: Pictures\nlang: en\n---\n\n# One\n\n![A page of the letter](page.png)\n' \
  > "$OUT/pics/alt.md"
book no-alt "$OUT/pics/no-alt.md" --no-cover
book alt "$OUT/pics/alt.md" --no-cover
required_metadata no-alt
check "no-alt: the text alone does not suffice" \
  test "$(meta no-alt schema:accessModeSufficient)" = "textual,visual"
check "no-alt: no alternativeText" \
  bash -c "! grep -qx alternativeText <<< \"\$1\"" _ "$(meta no-alt schema:accessibilityFeature)"
check "no-alt: no conformance claimed" lacks_meta no-alt dcterms:conformsTo
check "no-alt: nor a certifier" lacks_meta no-alt a11y:certifiedBy
check "no-alt: the summary counts the picture" \
  bash -c "grep -q '1 of its 2 pictures' <<< \"\$1\"" _ "$(meta no-alt schema:accessibilitySummary)"
check "alt: alternativeText" has_meta alt schema:accessibilityFeature alternativeText
check "alt: conforms" has_meta alt dcterms:conformsTo "$WCAG_AA"
check "alt: certified by bifolio when no one else is named" has_meta alt a11y:certifiedBy bifolio
# A link whose only content is a picture without alt text, or one left out,
# is named by its address, with a warning naming its line.
printf -- '---\ntitle: Links\nlang: en\n---\n\n[![](page.png)](https://example.org/a)\n\n[![](https://example.org/badge.svg)](https://example.org/b)\n\n[text](https://example.org/c)\n' \
  > "$OUT/pics/links.md"
book links "$OUT/pics/links.md" --no-cover
links_xhtml=$(ls "$OUT/links.d"/OEBPS/chapter-*.xhtml | head -1)
check "links: the picture's link named by its address" \
  test "$(xpath "$links_xhtml" "string(//*[local-name()='a'][@href='https://example.org/a']/@aria-label)")" = https://example.org/a
check "links: the emptied link named by its address" \
  test "$(xpath "$links_xhtml" "string(//*[local-name()='a'][@href='https://example.org/b']/@aria-label)")" = https://example.org/b
check "links: a link with text keeps no label" \
  test "$(xpath "$links_xhtml" "count(//*[local-name()='a'][@href='https://example.org/c']/@aria-label)")" = 0
check "links: warned with the line and the count" \
  grep -q 'links.md:6: warning: link to https://example.org/a has no text.*(2 times in all)' "$OUT/links.err"
# No pictures at all: textual only, no alternativeText to claim.
book no-pictures "$OUT/plain.md" --no-cover
check "no-pictures: textual only" test "$(meta no-pictures schema:accessMode)" = textual
check "no-pictures: no alternativeText" \
  bash -c "! grep -qx alternativeText <<< \"\$1\"" _ "$(meta no-pictures schema:accessibilityFeature)"

# ------------------------------------------------ the front matter decides
cat > "$OUT/given.md" <<'MD'
---
title: Given
lang: en
publisher: A Press
source: urn:isbn:9780000000002
accessibility:
  summary: Written by hand & checked.
  hazard: [noFlashingHazard, noSoundHazard]
  features:
    - tableOfContents
    - MathML
  sufficient: [textual, "textual,visual"]
  certifiedBy: An Accessibility Lab
  credential: Lab Seal
---

# One

Words.
MD
book given "$OUT/given.md" --page-list
required_metadata given
check "given: the summary as written" \
  test "$(xpath "$OUT/given.d/OEBPS/content.opf" \
          "string(//*[local-name()='meta'][@property='schema:accessibilitySummary'])")" \
       = "Written by hand & checked."
check "given: the hazards as listed" \
  test "$(meta given schema:accessibilityHazard | tr '\n' ' ')" = "noFlashingHazard noSoundHazard "
check "given: the features as listed" \
  test "$(meta given schema:accessibilityFeature | tr '\n' ' ')" = "tableOfContents MathML "
check "given: the sufficient sets as listed" \
  test "$(meta given schema:accessModeSufficient | tr '\n' ' ')" = "textual textual,visual "
check "given: certified by whom it names" has_meta given a11y:certifiedBy "An Accessibility Lab"
check "given: the credential" has_meta given a11y:certifierCredential "Lab Seal"
check "given: dc:source from source:" \
  test "$(xpath "$OUT/given.d/OEBPS/content.opf" "string(//*[local-name()='source'])")" = urn:isbn:9780000000002
printf -- '---\ntitle: Refused\nlang: en\npublisher: A Press\naccessibility:\n  conformsTo: none\n---\n\nWords.\n' \
  > "$OUT/refused.md"
book refused "$OUT/refused.md"
check "refused: conformsTo none claims nothing" lacks_meta refused dcterms:conformsTo
printf -- '---\ntitle: Publisher\nlang: en\npublisher: A Press\n---\n\nWords.\n' > "$OUT/publisher.md"
book publisher "$OUT/publisher.md"
check "publisher: certified by the publisher" has_meta publisher a11y:certifiedBy "A Press"

# ------------------------------------------------ five corpus books
CORPUS=(djangogirls-fa/book.md vue-a11y-fa/accessibility.md w3c-bidi-usecases-en/index.en.html
        benyehuda-he/m295.html nodebestpractices-he/README.hebrew.md)
for doc in "${CORPUS[@]}"; do
  name=corpus-${doc%%/*}
  book "$name" "$SRC/tests/corpus/$doc"
  required_metadata "$name"
done
check "djangogirls: two pictures lack alt text, so no claim" lacks_meta corpus-djangogirls-fa dcterms:conformsTo
check "benyehuda: every file in Hebrew" every_file_has_lang corpus-benyehuda-he he

# ------------------------------------------------ epubcheck, one Java start
epubcheck_books "${BOOKS[@]}"

# ------------------------------------------------ DAISY Ace
# scripts/install-deps installs it (npm's @daisy/ace, run by puppeteer with
# Debian's chromium).
if ! command -v ace-puppeteer >/dev/null || ! command -v chromium >/dev/null; then
  fail "DAISY Ace (ace-puppeteer) or chromium missing: run scripts/install-deps"
else
  export PUPPETEER_EXECUTABLE_PATH=${PUPPETEER_EXECUTABLE_PATH:-$(command -v chromium)}
  # Ace's chromium sometimes fails to start on a loaded machine (a cold start
  # under the sanitizers' run) and writes no report: up to three tries.
  run_ace () { # run_ace OUTDIR EPUB LOG
    for try in 1 2 3; do
      ace-puppeteer --silent --force --outdir "$1" "$2" > "$3" 2>&1
      [ -s "$1/report.json" ] && return 0
      echo "Ace wrote no report for $2 (try $try)" >&2
    done
    return 1
  }
  for name in letter letter-pages letter-fa readme no-pictures corpus-djangogirls-fa \
              corpus-vue-a11y-fa corpus-w3c-bidi-usecases-en corpus-benyehuda-he \
              corpus-nodebestpractices-he; do
    run_ace "$OUT/ace-$name" "$OUT/$name.epub" "$OUT/ace-$name.log"
    check "$name: Ace ran" test -s "$OUT/ace-$name/report.json"
    check "$name: Ace, no critical or serious violation" \
      python3 "$SRC/tests/cli/ace-impacts.py" --max-serious 0 "$OUT/ace-$name/report.json"
  done
  # Ace itself fails a book without the metadata: one with its package's
  # accessibility metadata taken out.
  rm -rf "$OUT/stripped" && cp -r "$OUT/letter.d" "$OUT/stripped"
  sed -i '/schema:\|dcterms:conformsTo\|a11y:/d' "$OUT/stripped/OEBPS/content.opf"
  (cd "$OUT/stripped" && zip -qX0 ../stripped.epub mimetype && zip -qrX9 ../stripped.epub META-INF OEBPS)
  run_ace "$OUT/ace-stripped" "$OUT/stripped.epub" "$OUT/ace-stripped.log"
  check "stripped: Ace finds serious violations" \
    bash -c "! python3 '$SRC/tests/cli/ace-impacts.py' --max-serious 0 '$OUT/ace-stripped/report.json' > /dev/null"
fi

finish
