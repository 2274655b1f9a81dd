package serve

import (
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"posterkit/fonts"
	"posterkit/kit"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

// newTestServer starts a server on loopback, as posterkit serve does.
func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	cfg.Addr = ts.Listener.Addr().String()
	if cfg.Creator == "" {
		cfg.Creator = "posterkit test"
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t *testing.T, ts *httptest.Server, path, ctype string, body []byte, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func postJSON(t *testing.T, ts *httptest.Server, path string, v any) *http.Response {
	b, _ := json.Marshal(v)
	return post(t, ts, path, "application/json", b)
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantStatus(t *testing.T, r *http.Response, code int, msg string) []byte {
	t.Helper()
	b := body(t, r)
	if r.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d: %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, code, b)
	}
	if msg != "" && !strings.Contains(string(b), msg) {
		t.Fatalf("%s: answer %s does not say %q", r.Request.URL.Path, b, msg)
	}
	return b
}

// spanish are the bundled Spanish texts, as a translator would type them.
func spanish(t *testing.T) map[string]string {
	tp, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	s, err := tp.LoadStrings("es")
	if err != nil {
		t.Fatal(err)
	}
	return s.Text
}

const overflowing = "Protejamos a todos los niños y niñas del mundo entero en el ciberespacio, en las redes sociales, en los juegos en línea y en cada rincón de Internet"

func TestCheckGivesTheCLIReport(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	texts := spanish(t)
	texts["headline"] = overflowing
	texts["footer"] = ""
	b := wantStatus(t, postJSON(t, ts, "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": texts}), 200, "")
	var got checkAnswer
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	// The same texts as a PO file, checked as posterkit check does.
	cat, _ := kit.Catalog(mustTemplate(t))
	var po bytes.Buffer
	translation.WritePOFor(&po, cat, "es", texts)
	res, err := translation.Read("form.po", po.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	res.Strings.File = "form"
	want := kit.Check(mustTemplate(t), "es", res, text.NewEngine(fonts.Default()))
	for i := range want.Frames {
		want.Frames[i].StringsLine = 0 // the form has no lines
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got.Report)
	if string(wb) != string(gb) {
		t.Errorf("check report\n got %s\nwant %s", gb, wb)
	}
	status := map[string]string{}
	for _, f := range got.Frames {
		status[f.ID] = f.Status
	}
	if status["headline"] != "overflow" || status["footer"] != kit.Untranslated || status["body"] != "ok" {
		t.Errorf("statuses %v: want headline overflow, footer untranslated, body ok", status)
	}
	if got.Direction != "ltr" || got.Script != "Latn" {
		t.Errorf("direction %s, script %s: want ltr, Latn", got.Direction, got.Script)
	}
}

func mustTemplate(t *testing.T) *template.Template {
	tp, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func TestDirectionAndScriptOfArabic(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	b := wantStatus(t, postJSON(t, ts, "/api/check", map[string]any{"template": "wtisd-2009", "lang": "ur", "texts": map[string]string{"headline": "بچوں کا تحفظ"}}), 200, "")
	var got checkAnswer
	json.Unmarshal(b, &got)
	if got.Direction != "rtl" || got.Script != "Arab" {
		t.Errorf("Urdu: direction %s, script %s; want rtl, Arab", got.Direction, got.Script)
	}
}

func TestPreviewIsAScreenResolutionPNGEvenWithAFrameTooLong(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	texts := spanish(t)
	texts["headline"] = overflowing
	r := postJSON(t, ts, "/api/preview", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": texts, "dpi": 40})
	b := wantStatus(t, r, 200, "")
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// 426 × 600 mm at 40 DPI.
	if sz := img.Bounds().Size(); sz.X != 671 || sz.Y != 945 {
		t.Errorf("preview %v, want 671×945 (426×600 mm at 40 DPI)", sz)
	}
}

func TestRenderIsWhatTheEngineWrites(t *testing.T) {
	_, ts := newTestServer(t, Config{Creator: "posterkit v9"})
	texts := spanish(t)
	tp := mustTemplate(t)
	res := &translation.Result{Strings: &template.Strings{File: "form", Text: texts}}
	sc, _, err := layout.Page(tp, "es", res.Strings, text.NewEngine(fonts.Default()), layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		format string
		dpi    float64
		ctype  string
	}{{"pdf", 0, "application/pdf"}, {"png", 20, "image/png"}} {
		var want bytes.Buffer
		if err := export.Write(&want, export.Format(tc.format), sc, export.Options{Creator: "posterkit v9", DPI: tc.dpi}); err != nil {
			t.Fatal(err)
		}
		r := postJSON(t, ts, "/api/render", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": texts, "format": tc.format, "dpi": tc.dpi})
		got := wantStatus(t, r, 200, "")
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: %d bytes differ from export.Write's %d", tc.format, len(got), want.Len())
		}
		if ct := r.Header.Get("Content-Type"); ct != tc.ctype {
			t.Errorf("%s: Content-Type %s", tc.format, ct)
		}
		if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="wtisd-2009-es.`+tc.format+`"` {
			t.Errorf("%s: Content-Disposition %s", tc.format, cd)
		}
	}
}

func TestRenderRefusesTextThatDoesNotFitWithTheReport(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	texts := spanish(t)
	texts["headline"] = overflowing
	b := wantStatus(t, postJSON(t, ts, "/api/render", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": texts}), 422, "lines too many")
	var e apiError
	json.Unmarshal(b, &e)
	if e.Report == nil || e.Report.OK {
		t.Fatalf("422 without a failing report: %s", b)
	}
}

func TestKitFilesAreTheKitsOwn(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	cat, err := kit.Catalog(mustTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	var pot, xlf bytes.Buffer
	translation.WritePOT(&pot, cat)
	translation.WriteXLIFF(&xlf, cat)
	for path, want := range map[string][]byte{"/api/kit/wtisd-2009/template.pot": pot.Bytes(), "/api/kit/wtisd-2009/template.xlf": xlf.Bytes()} {
		r, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		if got := wantStatus(t, r, 200, ""); !bytes.Equal(got, want) {
			t.Errorf("%s differs from the kit's file", path)
		}
	}
	r, _ := ts.Client().Get(ts.URL + "/api/kit/wtisd-2009")
	var k kitInfo
	json.Unmarshal(wantStatus(t, r, 200, ""), &k)
	if len(k.Frames) != 4 || k.Frames[1].ID != "headline" || k.Frames[1].Box != [4]float64{30, 88, 360, 146} || k.Frames[1].Reference == "" || k.Frames[1].BudgetMin == 0 {
		t.Errorf("kit info frames %+v", k.Frames)
	}
	r, _ = ts.Client().Get(ts.URL + "/api/templates")
	wantStatus(t, r, 200, `"name":"wtisd-2009"`)
}

func TestFilledStringsReadBack(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	texts := spanish(t)
	texts["footer"] = "" // not translated yet
	texts["headline"] = "Línea con \"comillas\" y \\barra\\\ny otra"
	for _, format := range []string{"po", "xliff"} {
		file := wantStatus(t, postJSON(t, ts, "/api/strings/write", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": texts, "format": format}), 200, "")
		name := map[string]string{"po": "es.po", "xliff": "es.xlf"}[format]
		b := wantStatus(t, post(t, ts, "/api/strings/read?name="+name, "application/octet-stream", file), 200, "")
		var got stringsAnswer
		json.Unmarshal(b, &got)
		if got.Lang != "es" || got.Template != "wtisd-2009" {
			t.Errorf("%s: lang %q, template %q", format, got.Lang, got.Template)
		}
		for id, want := range texts {
			if got.Texts[id] != want {
				t.Errorf("%s: %s = %q, want %q", format, id, got.Texts[id], want)
			}
		}
		if len(got.Untranslated) != 1 || got.Untranslated[0] != "footer" {
			t.Errorf("%s: untranslated %v, want [footer]", format, got.Untranslated)
		}
	}
}

func TestFontUpload(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	good := fonts.Default().Family(fonts.NotoSans, fonts.Regular).Data
	b := wantStatus(t, post(t, ts, "/api/fonts?name=C:\\fonts\\Mine.ttf", "application/octet-stream", good), 200, `"name":"Mine.ttf"`)
	var f fontAnswer
	json.Unmarshal(b, &f)
	wantStatus(t, postJSON(t, ts, "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t), "fonts": []string{f.ID}}), 200, `"ok":true`)

	for _, tc := range []struct {
		name string
		data []byte
		code int
		msg  string
	}{
		{"truncated", good[:len(good)/3], 422, "fonts: "},
		{"not a font", []byte("<html>hello</html>"), 422, "not a TrueType or OpenType font"},
		{"empty", nil, 422, "fonts: "},
		{"too large", make([]byte, maxFontUpload+1), 413, "font larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantStatus(t, post(t, ts, "/api/fonts?name=x.ttf", "application/octet-stream", tc.data), tc.code, tc.msg)
		})
	}
	wantStatus(t, postJSON(t, ts, "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t), "fonts": []string{"00ff"}}), 409, "upload it again")
}

func TestLimits(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	long := strings.Repeat("a", text.MaxText+1)
	many := map[string]string{}
	for i := range maxTexts + 1 {
		many[strings.Repeat("x", i+1)] = "y"
	}
	for _, tc := range []struct {
		name, path string
		body       any
		code       int
		msg        string
	}{
		{"body over 2 MiB", "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": map[string]string{"headline": strings.Repeat("é", maxJSONBody)}}, 413, "request larger than"},
		{"text over 20,000 characters", "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": map[string]string{"headline": long}}, 400, "at most 20000"},
		{"too many texts", "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": many}, 400, "texts; at most"},
		{"preview at print resolution", "/api/preview", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t), "dpi": 300}, 400, "preview resolution"},
		{"PNG past 300 DPI", "/api/render", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t), "format": "png", "dpi": 1200}, 400, "resolution 1200 DPI"},
		{"unknown format", "/api/render", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t), "format": "svg"}, 400, "want pdf or png"},
		{"bad language code", "/api/check", map[string]any{"template": "wtisd-2009", "lang": "not a code", "texts": spanish(t)}, 400, "not a language code"},
		{"unknown field", "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "path": "/etc/passwd"}, 400, "unknown field"},
		{"too many fonts", "/api/check", map[string]any{"template": "wtisd-2009", "lang": "es", "fonts": make([]string, maxFontsPerRequest+1)}, 409, "fonts; at most"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantStatus(t, postJSON(t, ts, tc.path, tc.body), tc.code, tc.msg)
		})
	}
	t.Run("strings file over 4 MiB", func(t *testing.T) {
		wantStatus(t, post(t, ts, "/api/strings/read?name=es.po", "application/octet-stream", make([]byte, maxStringsUpload+1)), 413, "strings file larger than")
	})
	t.Run("malformed strings file", func(t *testing.T) {
		wantStatus(t, post(t, ts, "/api/strings/read?name=es.po", "application/octet-stream", []byte("msgctxt \"headline\"\nmsgid \"x\nmsgstr \"\"\n")), 422, "es.po:")
	})
}

func TestNoFileOutsideTheTemplates(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, path := range []string{
		"/api/kit/..%2F..%2F..%2Fetc%2Fpasswd",
		"/api/kit/%2Fetc/passwd",
		"/api/kit/wtisd-2009/..%2Flayout.yaml",
		"/api/kit/wtisd-2009/layout.yaml",
		"/static/..%2Fserve.go",
		"/static/../serve.go",
		"/fonts/..%2F..%2Ffonts.go",
	} {
		r, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, r)
		if r.StatusCode == 200 || bytes.Contains(b, []byte("root:")) || bytes.Contains(b, []byte("package ")) || bytes.Contains(b, []byte("frames:")) {
			t.Errorf("GET %s: %d %.80q", path, r.StatusCode, b)
		}
	}
	for _, name := range []string{"../../../etc", "/etc", "layouts/wtisd-2009", "./wtisd-2009"} {
		wantStatus(t, postJSON(t, ts, "/api/check", map[string]any{"template": name, "lang": "es", "texts": spanish(t)}), 404, "no template")
	}
}

func TestAnotherSiteCannotDriveTheAPI(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	b, _ := json.Marshal(map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t)})
	own := ts.Listener.Addr().String()
	for _, tc := range []struct {
		name   string
		header []string
		code   int
	}{
		{"own page", []string{"Origin", "http://" + own, "Sec-Fetch-Site", "same-origin"}, 200},
		{"curl", nil, 200},
		{"other origin", []string{"Origin", "http://evil.example"}, 403},
		{"other port of this computer", []string{"Origin", "http://127.0.0.1:1"}, 403},
		{"cross-site fetch without Origin", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"same-site, other origin", []string{"Sec-Fetch-Site", "same-site"}, 403},
		{"DNS rebinding", []string{"Host", "evil.example:" + strings.Split(own, ":")[1]}, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/api/check", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			for i := 0; i+1 < len(tc.header); i += 2 {
				if tc.header[i] == "Host" {
					req.Host = tc.header[i+1]
				} else {
					req.Header.Set(tc.header[i], tc.header[i+1])
				}
			}
			r, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			wantStatus(t, r, tc.code, "")
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	_, ts := newTestServer(t, Config{})
	for _, path := range []string{"/", "/static/app.js", "/api/templates", "/api/kit/nope"} {
		r, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body(t, r)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, r.Header)
		}
	}
	// The page itself has no inline script or style for the CSP to block.
	page, _ := webFiles.ReadFile("web/index.html")
	for _, bad := range []string{"<script>", "<style", " style=", "onclick", "onload", "javascript:"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("index.html has %q, which the CSP blocks", bad)
		}
	}
}

func TestBusyServerAnswers503WithRetryAfter(t *testing.T) {
	s, ts := newTestServer(t, Config{Workers: 1, Wait: 50 * time.Millisecond})
	s.slots <- struct{}{} // the one slot is taken
	start := time.Now()
	r := postJSON(t, ts, "/api/preview", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t)})
	wantStatus(t, r, 503, "busy")
	if r.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("waited %s for a slot, want about 50ms", d)
	}
	<-s.slots
	wantStatus(t, postJSON(t, ts, "/api/preview", map[string]any{"template": "wtisd-2009", "lang": "es", "texts": spanish(t)}), 200, "")
}

func TestNonLoopbackAcceptsAnyHostButNotAnotherOrigin(t *testing.T) {
	hosts, err := allowedHosts("0.0.0.0:8080")
	if err != nil || hosts != nil {
		t.Errorf("0.0.0.0: hosts %v, %v; want any", hosts, err)
	}
	hosts, _ = allowedHosts("127.0.0.1:8080")
	if !hosts["localhost:8080"] || hosts["evil.example:8080"] {
		t.Errorf("loopback hosts %v", hosts)
	}
	for addr, want := range map[string]bool{"127.0.0.1:1": true, "[::1]:1": true, "localhost:1": true, "0.0.0.0:1": false, "192.168.1.2:1": false} {
		if Loopback(addr) != want {
			t.Errorf("Loopback(%s) = %v", addr, !want)
		}
	}
}
