package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"posterkit/layouts"
)

var screenshots = flag.String("screenshots", "", "write the page's screenshots to this folder (docs/ for the README)")

// startServe runs posterkit serve on a free loopback port until the test
// ends, and returns the page's address.
func startServe(t *testing.T, args ...string) string {
	t.Helper()
	stop, ready := make(chan struct{}), make(chan string, 1)
	serveStop, serveReady = stop, ready
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), io.Discard, &stderr) }()
	t.Cleanup(func() {
		close(stop)
		if code := <-done; code != exitOK {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
		serveStop, serveReady = nil, nil
	})
	select {
	case url := <-ready:
		return url
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func TestServeRefusesAnUnknownTemplate(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"serve", "--no-open", "--addr", "127.0.0.1:0", "no/such/folder"}, io.Discard, &stderr); code != exitUsage {
		t.Errorf("exit %d, want %d: %s", code, exitUsage, stderr.String())
	}
}

func TestServeWarnsWhenNotOnLoopback(t *testing.T) {
	stop, ready := make(chan struct{}), make(chan string, 1)
	serveStop, serveReady = stop, ready
	defer func() { serveStop, serveReady = nil, nil }()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"serve", "--addr", "0.0.0.0:0"}, io.Discard, &stderr) }()
	<-ready
	close(stop)
	<-done
	if !strings.Contains(stderr.String(), "warning: listening on ") {
		t.Errorf("no warning for 0.0.0.0: %q", stderr.String())
	}
}

// poFile is a filled PO file of texts.
func poFile(texts map[string]string) []byte {
	var b strings.Builder
	b.WriteString("msgid \"\"\nmsgstr \"Language: es\\nContent-Type: text/plain; charset=UTF-8\\n\"\n")
	for _, id := range []string{"occasion", "headline", "body", "footer"} {
		fmt.Fprintf(&b, "\nmsgctxt %s\nmsgid \"source\"\nmsgstr %s\n", strconv.Quote(id), strconv.Quote(texts[id]))
	}
	return []byte(b.String())
}

// TestPageInChromium drives the page in headless Chromium as a translator
// would: types a Spanish headline too long for its frame, sees the
// warning on that field and the frame outlined, fixes it, opens a PO file,
// and downloads the PDF, which must be the CLI's byte for byte.
func TestPageInChromium(t *testing.T) {
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("no chromium: apt-get install chromium")
	}
	t.Setenv("SOURCE_DATE_EPOCH", "") // as the CLI below: no date, identical files
	url := startServe(t)
	tp, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	es, err := tp.LoadStrings("es")
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.NoSandbox, // root in a container
		chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1400, 1000),
	)
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()

	downloads := filepath.Join(dir, "downloads")
	os.MkdirAll(downloads, 0o755)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if *screenshots == "" {
				return nil
			}
			png, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(*screenshots, name), png, 0o644)
		})
	}
	// setText sets a field as a paste would, and tells the page.
	setText := func(id, s string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.SetValue(chromedp.ID("t-"+id), s),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("t-`+id+`").dispatchEvent(new Event("input")), undefined`),
		)
	}
	text := func(id string) string {
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	attr := func(id, name string) string {
		v, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.ID(id), name))
		if err != nil {
			t.Fatal(err)
		}
		return v.Value
	}
	overflowing := "Protejamos a todos los niños y niñas del mundo entero en el ciberespacio, en las redes sociales, en los juegos en línea, en la escuela, en casa y en cada rincón de Internet"
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: new(true)}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatal(err)
	}
	unlabelled, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input, select, textarea")].filter(e => e.labels.length === 0).map(e => e.id)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %v", unlabelled)
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("summary").textContent + " | " + document.getElementById("lang-info").textContent`))
			t.Fatalf("%s: %v (the page says %q)", what, err, page)
		}
	}
	step("type the texts",
		chromedp.SendKeys(chromedp.ID("lang"), "es"),
		setText("occasion", es.Text["occasion"]),
		setText("body", es.Text["body"]),
		setText("footer", es.Text["footer"]),
		chromedp.Click(chromedp.ID("t-headline")),
		chromedp.SendKeys(chromedp.ID("t-headline"), overflowing))
	step("see the overflow",
		chromedp.WaitReady(chromedp.CSS(`#s-headline[data-status="overflow"]`)),
		chromedp.WaitReady(chromedp.CSS(`#box-headline[data-status="overflow"]`)),
		shot("serve-overflow.png"))
	if st, box := text("s-headline"), attr("box-headline", "class"); !strings.Contains(st, "lines too many") || box != "box bad" {
		t.Errorf("overflowing headline: field says %q, frame outline %q", st, box)
	}
	for _, id := range []string{"occasion", "body", "footer"} {
		if st := attr("s-"+id, "data-status"); st != "ok" {
			t.Errorf("%s is %q while only the headline is too long", id, st)
		}
	}

	// Fixed: the warning and the outline go.
	if err := chromedp.Do(ctx,
		setText("headline", es.Text["headline"]),
		chromedp.WaitReady(chromedp.CSS(`#s-headline[data-status="ok"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if box := attr("box-headline", "class"); box != "box ok" {
		t.Errorf("fixed headline still outlined: %q", box)
	}

	// A PO file fills the form; the PDF downloaded is the CLI's.
	po := filepath.Join(dir, "es.po")
	texts := map[string]string{}
	for k, v := range es.Text {
		texts[k] = v
	}
	texts["headline"] = "Niños seguros en la red"
	os.WriteFile(po, poFile(texts), 0o644)
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("strings-file"), []string{po}),
		chromedp.WaitReady(chromedp.CSS(`#strings-info:not(:empty)`)),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("t-headline").value === "Niños seguros en la red" && document.querySelector("#summary.ok") !== null`)); err != nil {
		t.Fatal(err)
	}
	summary := text("summary")
	if err := chromedp.Do(ctx, shot("serve.png")); err != nil {
		t.Fatal(err)
	}
	events := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-pdf"))); err != nil {
		t.Fatal(err)
	}
	var guid string
	for ev, err := range events {
		if err != nil {
			t.Fatal(err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	got, err := os.ReadFile(filepath.Join(downloads, guid))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "cli")
	var stderr bytes.Buffer
	if code := run([]string{"render", "--lang", "es", "--strings", po, "--format", "pdf", "--out", out}, io.Discard, &stderr); code != exitOK {
		t.Fatalf("CLI render: exit %d: %s", code, stderr.String())
	}
	want, err := os.ReadFile(filepath.Join(out, "wtisd-2009", "es.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the page's PDF (%d bytes) is not the CLI's (%d bytes) for the same PO file", len(got), len(want))
	}
	if !strings.Contains(summary, "Ready") {
		t.Errorf("after the PO file the summary says %q", summary)
	}

	// At 200 % zoom (half the width, twice the pixels) nothing is cut off
	// sideways, the interface reads in French, and Arabic fields are
	// right to left.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(700, 1000, chromedp.EmulateScale(2)),
		chromedp.Navigate(url+"?ui=fr"),
		chromedp.WaitReady(chromedp.CSS(`body[data-ready="true"]`)),
		chromedp.SendKeys(chromedp.ID("lang"), "ar"),
		chromedp.WaitReady(chromedp.CSS(`#t-headline[dir="rtl"]`)),
		chromedp.SendKeys(chromedp.ID("t-headline"), "حماية الأطفال"),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`document.getElementById("lang-info").textContent.includes("droite à gauche") && document.getElementById("lang-info").textContent.includes("Arab")`)(ctx, tg)
			return err
		}),
		shot("serve-fr-200.png"),
	); err != nil {
		t.Fatal(err)
	}
	tooWide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if tooWide {
		t.Error("at 200 % zoom the page scrolls sideways")
	}
	if h := text("setup-title"); h != "1. Affiche et langue" {
		t.Errorf("French interface: heading %q", h)
	}
}
