// Package pdfjs reads PDFs with pdf.js (Mozilla's reader, in Firefox and
// many web viewers) for posterkit's tests: node runs node/read.mjs, which
// prints each page's text items (getTextContent) and structure tree
// (getStructTree). Tests skip when node or pdfjs-dist is not installed
// (`npm ci` in node/ installs the version package-lock.json pins; .ci/run
// does).
package pdfjs

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Item is a text item, or a marked-content boundary (Type set).
type Item struct {
	Str  string  `json:"str"`
	Dir  string  `json:"dir"`
	EOL  bool    `json:"eol"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	Type string  `json:"type"` // beginMarkedContentProps, endMarkedContent…
	ID   string  `json:"id"`
}

// Node is a structure tree node: a role with children, or a content
// reference (Type "content", ID the marked content's id).
type Node struct {
	Role     string  `json:"role"`
	Lang     string  `json:"lang"`
	Alt      string  `json:"alt"`
	Type     string  `json:"type"`
	ID       string  `json:"id"`
	Children []*Node `json:"children"`
}

// Page is what pdf.js reads from one page.
type Page struct {
	Items  []Item `json:"items"`
	Struct *Node  `json:"struct"`
}

// Doc is what pdf.js reads from a file.
type Doc struct {
	Pages    []Page          `json:"pages"`
	MarkInfo map[string]bool `json:"markInfo"`
}

// Text is the page's text as pdf.js gives it to a viewer's text layer and
// find bar: the items' strings in order, a line break after an item that
// ends a line.
func (p Page) Text() string {
	var b strings.Builder
	for _, it := range p.Items {
		if it.Type != "" {
			continue
		}
		b.WriteString(it.Str)
		if it.EOL {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "node")
}

// Available reports why pdf.js cannot run here, "" when it can.
func Available() string {
	if _, err := exec.LookPath("node"); err != nil {
		return "node is not installed"
	}
	if _, err := os.Stat(filepath.Join(dir(), "node_modules", "pdfjs-dist", "package.json")); err != nil {
		return "pdfjs-dist is not installed (npm ci in internal/pdfjs/node)"
	}
	return ""
}

// Read reads data with pdf.js, skipping the test when pdf.js is not
// installed.
func Read(t testing.TB, data []byte) *Doc {
	t.Helper()
	if why := Available(); why != "" {
		t.Skip("pdf.js: " + why)
	}
	f := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// A poster page reads in about a second; a minute means pdf.js hung.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir(), "read.mjs"), f)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdf.js: %v\n%s", err, stderr.String())
	}
	var d Doc
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("pdf.js: %v", err)
	}
	return &d
}
