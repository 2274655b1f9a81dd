package pdf_test

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"posterkit/internal/pdfjs"
)

// contentStreams returns the file's inflated streams that draw text.
func pageContent(t *testing.T, data []byte) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)/Filter/FlateDecode[^>]*>>\s*stream\r?\n`)
	for _, m := range re.FindAllIndex(data, -1) {
		r, err := zlib.NewReader(bytes.NewReader(data[m[1]:]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(r)
		if bytes.Contains(b, []byte("MCID")) && bytes.Contains(b, []byte(" m\n")) {
			return string(b)
		}
	}
	t.Fatal("no page content stream")
	return ""
}

// TestTaggedPDFHasNoUntaggedContent checks the Matterhorn-protocol failure
// conditions (PDF/UA-1) that apply to a poster: content neither tagged nor
// an artifact (01-004, 01-005), no document language (11-006), no title
// or not shown (06-003, 07-001), a figure without alt text (13-004), a
// heading level skipped (14-003), no PDF/UA identification (06-002), and
// the document not marked as tagged (01-003? MarkInfo).
func TestTaggedPDFHasNoUntaggedContent(t *testing.T) {
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			_, data := posterPDF(t, lang)
			for _, want := range []string{"/MarkInfo<</Marked true>>", "/StructTreeRoot ", "/StructParents 0", "/Lang(", "/DisplayDocTitle true", "<pdfuaid:part>1</pdfuaid:part>"} {
				if !bytes.Contains(data, []byte(want)) {
					t.Errorf("no %s", want)
				}
			}
			if bytes.Contains(data, []byte("/Title()")) {
				t.Error("empty title")
			}
			// Every operator that paints (a fill, an image, a text show) is
			// inside a marked-content sequence that has an MCID or is an
			// artifact.
			var stack []string
			for ln, line := range strings.Split(pageContent(t, data), "\n") {
				switch {
				case strings.HasSuffix(line, "BDC") || strings.HasSuffix(line, " BMC"):
					stack = append(stack, line)
				case line == "EMC":
					if len(stack) == 0 {
						t.Fatalf("line %d: EMC without BDC", ln+1)
					}
					stack = stack[:len(stack)-1]
				case line == "f" || strings.HasSuffix(line, " Do") || strings.HasSuffix(line, "TJ"):
					tagged := false
					for _, s := range stack {
						if strings.Contains(s, "MCID") || strings.HasPrefix(s, "/Artifact") {
							tagged = true
						}
					}
					if !tagged {
						t.Fatalf("line %d: %q is neither tagged content nor an artifact", ln+1, line)
					}
				}
			}
			if len(stack) != 0 {
				t.Errorf("%d marked-content sequences left open", len(stack))
			}
		})
	}
}

// TestStructureTreeReadBack reads the structure tree with poppler and
// pdf.js: Document → the frames in the template's order, the headline as
// H1 first, a Span with /Lang en around the Latin "ITU" of the Arabic
// text, and the emblem as a Figure with its alt text.
func TestStructureTreeReadBack(t *testing.T) {
	_, data := posterPDF(t, "ar")
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		f := filepath.Join(t.TempDir(), "ar.pdf")
		os.WriteFile(f, data, 0o644)
		out, err := exec.Command("pdfinfo", "-struct-text", f).Output()
		if err != nil {
			t.Fatal(err)
		}
		var roles []string
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   ") {
				roles = append(roles, strings.Fields(l)[0])
			}
		}
		if got := strings.Join(roles, " "); got != "P H1 P P Figure" {
			t.Errorf("poppler reads the frames as %q, want P H1 P P Figure (occasion, headline, body, footer, emblem)", got)
		}
		if !regexp.MustCompile(`Span \(inline\)\n\s+"ITU"`).Match(out) {
			t.Errorf("poppler finds no Span around ITU:\n%s", out)
		}
		// Each frame's element holds all its text, in reading order (a
		// marked-content sequence nested in another once cut poppler's
		// reading of each line after its first word).
		ps, err := posters()
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, l := range strings.Split(string(out), "\n") {
			switch {
			case strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   "):
				texts = append(texts, "")
			case len(texts) > 0 && strings.HasSuffix(l, `"`) && strings.Contains(l, ` "`):
				q := strings.TrimSpace(l)
				texts[len(texts)-1] += q[1 : len(q)-1]
			}
		}
		squeeze := func(s string) string { return strings.Join(strings.Fields(normalize(s, false)), "") }
		for i, want := range ps["ar"].want {
			if i >= len(texts) || squeeze(texts[i]) != squeeze(want) {
				t.Errorf("poppler's structure text of frame %d is not its text:\n%s", i, out)
				break
			}
		}
	} else {
		t.Log("pdfinfo not installed: poppler's reading skipped")
	}
	d := pdfjs.Read(t, data)
	if !d.MarkInfo["Marked"] {
		t.Error("pdf.js: not marked")
	}
	root := d.Pages[0].Struct
	if root == nil || len(root.Children) != 1 || root.Children[0].Role != "Document" {
		t.Fatalf("pdf.js: no Document element: %+v", root)
	}
	var roles []string
	var spans, figures []*pdfjs.Node
	var walk func(n *pdfjs.Node)
	walk = func(n *pdfjs.Node) {
		switch n.Role {
		case "Span":
			spans = append(spans, n)
		case "Figure":
			figures = append(figures, n)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, c := range root.Children[0].Children {
		roles = append(roles, c.Role)
		walk(c)
	}
	if got := strings.Join(roles, " "); got != "P H1 P P Figure" {
		t.Errorf("pdf.js reads the frames as %q", got)
	}
	if len(spans) == 0 {
		t.Error("pdf.js: no Span")
	}
	for _, s := range spans {
		if s.Lang != "en" {
			t.Errorf("pdf.js: a Span with /Lang %q in the Arabic text, want en", s.Lang)
		}
	}
	for _, f := range figures {
		if f.Alt == "" {
			t.Error("pdf.js: a Figure without alt text")
		}
	}
	if len(figures) != 1 {
		t.Errorf("pdf.js: %d figures, want the emblem", len(figures))
	}
}
