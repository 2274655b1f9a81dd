// Package serve is posterkit's translator page: an HTTP server, meant for
// the translator's own computer, that serves a web app from the binary and
// the JSON API it uses. The page fills a template's frames with the
// translator's texts as they type, shows the preview with every fit and
// coverage problem on the frame it concerns, and hands back the PDF, the
// PNG and the translation as PO or XLIFF.
//
// It owns only the HTTP side: requests, their limits and their safety. The
// checks are kit.Check's, the drawing export.Write's, the strings files
// package translation's, so the page and the CLI give the same messages
// and the same files. Nothing a request brings is written to disk, and no
// file is read but the templates given to New.
package serve

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"

	"posterkit/fonts"
	"posterkit/kit"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/raster"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

//go:embed web
var webFiles embed.FS

// Limits on what a request may bring or ask for. Each says why; every one
// answers with a message naming it, never by dropping the connection.
const (
	// maxJSONBody bounds a JSON request: a poster has a few frames, and a
	// frame holds at most text.MaxText (20,000) characters, up to 6 bytes
	// each once JSON-escaped; 2 MiB is ten frames at that limit.
	maxJSONBody = 2 << 20
	// maxTexts bounds the entries of one request; a poster has tens of
	// frames.
	maxTexts = 200
	// maxIDLen bounds a frame id (layout.yaml ids are short words).
	maxIDLen = 200
	// maxFontUpload bounds an uploaded font: a single-weight CJK OpenType
	// font (Noto Sans CJK SC Regular) is about 16 MB; collections of every
	// weight are for the CLI's --font, not for an upload.
	maxFontUpload = 32 << 20
	// maxStoredFonts and maxStoredFontBytes bound the fonts kept in
	// memory between requests; the oldest go first, and the page uploads
	// a font again when the server no longer has it.
	maxStoredFonts     = 16
	maxStoredFontBytes = 128 << 20
	// maxFontsPerRequest bounds the user fonts one layout tries.
	maxFontsPerRequest = 8
	// maxStringsUpload bounds an uploaded PO or XLIFF file: a kit's files
	// are a few KB.
	maxStringsUpload = 4 << 20
	// previewDPI is the default preview resolution: an A2 poster is about
	// 850×1200 pixels at 50 DPI, its height on a laptop screen.
	previewDPI = 50
	// maxPreviewDPI bounds the preview: 100 DPI is a 16 MB page image.
	maxPreviewDPI = 100
	// maxRenderDPI bounds a downloaded PNG: 300 DPI is print resolution,
	// and an A2 page at 300 DPI is already a 140 MB page image.
	maxRenderDPI = 300
	// maxPageBytes bounds the page image of any PNG, whatever the size of
	// a template's page.
	maxPageBytes = 256 << 20
	// checkTimeout and renderTimeout bound a request's work: the bundled
	// poster checks in well under a second and renders its 300-DPI PNG
	// in a few; a request past its bound gets 503, its slot stays taken
	// until the engine returns (it cannot be interrupted).
	checkTimeout  = 20 * time.Second
	renderTimeout = 2 * time.Minute
	// defaultWait is how long a request waits for a free slot before it
	// gets 503 with Retry-After.
	defaultWait = 2 * time.Second
)

// Config is how New sets a server up.
type Config struct {
	// Addr is the address the server listens on (host:port, as the
	// listener reports it): requests must name it as their Host, so that
	// another site cannot reach the server through a DNS name of its own.
	Addr string
	// Templates are offered before the bundled ones (layouts.Names).
	Templates []*template.Template
	// Creator is the PDFs' creator, the same as the CLI's ("posterkit v1.2").
	Creator string
	// Workers bounds the layouts and drawings run at once; 0 is one per CPU.
	Workers int
	// Wait is how long a request waits for a worker; 0 is defaultWait.
	Wait time.Duration
	// Log receives one line per failed request; nil is log.Default().
	Log *log.Logger
}

// Server serves the page and its API. It is safe for concurrent use.
type Server struct {
	cfg       Config
	names     []string
	templates map[string]*entry
	hosts     map[string]bool // allowed Host values; nil allows any
	slots     chan struct{}   // layouts and drawings running
	heavy     chan struct{}   // full-resolution renders running (memory)
	fonts     fontStore
	backdrops *raster.Backdrops // the templates' artwork, drawn once for every language
	mux       *http.ServeMux
	log       *log.Logger
}

// entry is a template and its catalogue, made once.
type entry struct {
	t       *template.Template
	once    sync.Once
	catalog *translation.Catalog
	err     error
}

func (e *entry) cat() (*translation.Catalog, error) {
	e.once.Do(func() { e.catalog, e.err = kit.Catalog(e.t) })
	return e.catalog, e.err
}

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	s := &Server{cfg: cfg, templates: map[string]*entry{}, log: cfg.Log, backdrops: raster.NewBackdrops()}
	if s.log == nil {
		s.log = log.Default()
	}
	if s.cfg.Creator == "" {
		s.cfg.Creator = "posterkit"
	}
	if s.cfg.Wait <= 0 {
		s.cfg.Wait = defaultWait
	}
	n := cfg.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	s.slots, s.heavy = make(chan struct{}, n), make(chan struct{}, 1)
	for _, t := range cfg.Templates {
		if _, dup := s.templates[t.Name]; dup {
			return nil, fmt.Errorf("serve: two templates named %s", t.Name)
		}
		s.templates[t.Name] = &entry{t: t}
		s.names = append(s.names, t.Name)
	}
	for _, name := range layouts.Names() {
		if _, given := s.templates[name]; given {
			continue // the folder given at start-up stands in for the bundled one
		}
		t, err := layouts.Bundled(name)
		if err != nil {
			return nil, err
		}
		s.templates[name] = &entry{t: t}
		s.names = append(s.names, name)
	}
	hosts, err := allowedHosts(cfg.Addr)
	if err != nil {
		return nil, err
	}
	s.hosts = hosts
	s.routes()
	return s, nil
}

// Loopback reports whether addr (host:port) listens on this computer only.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// allowedHosts are the Host values a request may name: the loopback names
// of the port for a loopback address; any for another address, where the
// names the computer is known by cannot be listed.
func allowedHosts(addr string) (map[string]bool, error) {
	if addr == "" {
		return nil, nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("serve: address %q: %v", addr, err)
	}
	if !Loopback(addr) {
		return nil, nil
	}
	return map[string]bool{
		"127.0.0.1:" + port: true, "localhost:" + port: true, "[::1]:" + port: true, addr: true,
	}, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	web, _ := fs.Sub(webFiles, "web")
	static := http.FileServerFS(web)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, web, "index.html")
	})
	m.Handle("GET /static/", http.StripPrefix("/static/", static))
	m.HandleFunc("GET /fonts/{file}", s.uiFont)
	m.HandleFunc("GET /api/templates", s.listTemplates)
	m.HandleFunc("GET /api/kit/{template}", s.kitInfo)
	m.HandleFunc("GET /api/kit/{template}/{file}", s.kitFile)
	m.HandleFunc("POST /api/fonts", s.uploadFont)
	m.HandleFunc("POST /api/strings/read", s.readStrings)
	m.HandleFunc("POST /api/strings/write", s.writeStrings)
	m.HandleFunc("POST /api/check", s.check)
	m.HandleFunc("POST /api/preview", s.preview)
	m.HandleFunc("POST /api/render", s.render)
	s.mux = m
}

// ServeHTTP checks where a request comes from, sets the security headers
// and recovers from a panic in any handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; font-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Printf("serve: internal error on %s %s: %v\n%s", r.Method, r.URL.Path, p, debug.Stack())
			writeError(w, http.StatusInternalServerError, "serve: internal error (please report it): %v", p)
		}
	}()
	if err := s.sameOrigin(r); err != nil {
		writeError(w, http.StatusForbidden, "%v", err)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// sameOrigin refuses a request that another site's page makes: a Host
// that is not the server's (DNS rebinding), an Origin that is not the
// Host's, or a browser saying the request is cross-site. Programs such as
// curl send neither Origin nor Sec-Fetch-Site and are let through.
func (s *Server) sameOrigin(r *http.Request) error {
	if s.hosts != nil && !s.hosts[strings.ToLower(r.Host)] {
		return fmt.Errorf("serve: Host %q is not this server's address (%s)", r.Host, s.cfg.Addr)
	}
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		return fmt.Errorf("serve: requests from %s are refused: the API answers only its own page", o)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return errors.New("serve: cross-site requests are refused: the API answers only its own page")
		}
	}
	return nil
}

type apiError struct {
	Error  string      `json:"error"`
	Report *kit.Report `json:"report,omitempty"`
}

func writeError(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, apiError{Error: fmt.Sprintf(format, args...)})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"serve: cannot encode the answer"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// readBody reads at most limit bytes of r's body, answering 413 past it.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, what string) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, "serve: %s larger than %d bytes", what, limit)
		return nil, false
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "serve: reading the %s: %v", what, err)
		return nil, false
	}
	return data, true
}

// uiFonts are the bundled fonts the page itself shows its texts in.
var uiFonts = map[string]struct {
	family string
	weight fonts.Weight
}{
	"NotoSans-Regular.ttf":        {fonts.NotoSans, fonts.Regular},
	"NotoSans-Bold.ttf":           {fonts.NotoSans, fonts.Bold},
	"NotoNaskhArabic-Regular.ttf": {fonts.NotoNaskhArabic, fonts.Regular},
	"NotoSansSC-Regular.ttf":      {fonts.NotoSansSC, fonts.Regular},
}

func (s *Server) uiFont(w http.ResponseWriter, r *http.Request) {
	u, ok := uiFonts[r.PathValue("file")]
	f := fonts.Default().Family(u.family, u.weight)
	if !ok || f == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "font/ttf")
	w.Header().Set("Cache-Control", "max-age=86400")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}

// templateInfo is a template as /api/templates lists it.
type templateInfo struct {
	Name      string   `json:"name"`
	Title     string   `json:"title"`
	Width     float64  `json:"width_mm"`
	Height    float64  `json:"height_mm"`
	Bleed     float64  `json:"bleed_mm"`
	Languages []string `json:"languages"`
	Source    string   `json:"source"`
}

func info(t *template.Template) templateInfo {
	return templateInfo{Name: t.Name, Title: t.Title, Width: t.Width, Height: t.Height, Bleed: t.Bleed, Languages: t.Languages, Source: t.Source}
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) {
	out := []templateInfo{}
	for _, name := range s.names {
		out = append(out, info(s.templates[name].t))
	}
	writeJSON(w, http.StatusOK, out)
}

// frameInfo is a frame as the page shows it beside its field.
type frameInfo struct {
	ID        string     `json:"id"`
	Box       [4]float64 `json:"box_mm"` // x, y, w, h from the trim box's top-left corner
	MaxLines  int        `json:"max_lines,omitempty"`
	MinSize   float64    `json:"min_size_pt"`
	MaxSize   float64    `json:"max_size_pt"`
	Source    string     `json:"source"`
	Reference string     `json:"reference,omitempty"`
	RefLang   string     `json:"ref_lang,omitempty"`
	Notes     []string   `json:"notes"`
	// BudgetMin is kit.Budget at the style's smallest size: roughly the
	// most characters that fit.
	BudgetMin int `json:"budget_min"`
}

type kitInfo struct {
	templateInfo
	Frames []frameInfo `json:"frames"`
}

// lookup finds the template a request names, answering 404 if none.
func (s *Server) lookup(w http.ResponseWriter, name string) (*entry, bool) {
	e, ok := s.templates[name]
	if !ok {
		writeError(w, http.StatusNotFound, "serve: no template %q (there are %s)", name, strings.Join(s.names, ", "))
	}
	return e, ok
}

func (s *Server) kitInfo(w http.ResponseWriter, r *http.Request) {
	e, ok := s.lookup(w, r.PathValue("template"))
	if !ok {
		return
	}
	cat, err := e.cat()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	out := kitInfo{templateInfo: info(e.t), Frames: []frameInfo{}}
	for i, f := range e.t.Frames {
		ce := cat.Entries[i]
		out.Frames = append(out.Frames, frameInfo{ID: f.ID, Box: [4]float64{f.Box.X, f.Box.Y, f.Box.W, f.Box.H},
			MaxLines: f.MaxLines, MinSize: f.Style.MinSize, MaxSize: f.Style.MaxSize,
			Source: ce.Source, Reference: ce.Reference, RefLang: ce.RefLang, Notes: ce.Notes,
			BudgetMin: kit.Budget(f, f.Style.MinSize)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) kitFile(w http.ResponseWriter, r *http.Request) {
	e, ok := s.lookup(w, r.PathValue("template"))
	if !ok {
		return
	}
	cat, err := e.cat()
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	var buf bytes.Buffer
	var ctype string
	switch name := r.PathValue("file"); name {
	case kit.POT:
		err, ctype = translation.WritePOT(&buf, cat), "text/x-gettext-translation; charset=utf-8"
	case kit.XLIFF:
		err, ctype = translation.WriteXLIFF(&buf, cat), "application/xliff+xml; charset=utf-8"
	default:
		writeError(w, http.StatusNotFound, "serve: no kit file %q (there are %s and %s)", name, kit.POT, kit.XLIFF)
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	attach(w, ctype, e.t.Name+"-"+r.PathValue("file"), buf.Bytes())
}

func attach(w http.ResponseWriter, ctype, name string, data []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// textsRequest is the body of check, preview, render and strings/write.
type textsRequest struct {
	Template string            `json:"template"`
	Lang     string            `json:"lang"`
	Texts    map[string]string `json:"texts"` // frame id → text; "" is not translated yet
	Fonts    []string          `json:"fonts,omitempty"`
	File     string            `json:"file,omitempty"`   // the name messages give the texts; default "form"
	Format   string            `json:"format,omitempty"` // render: pdf or png; strings/write: po or xliff
	DPI      float64           `json:"dpi,omitempty"`    // preview and render png
}

// job is a request read and checked.
type job struct {
	req textsRequest
	e   *entry
	res *translation.Result
	reg *fonts.Registry
}

// readJob reads and checks a textsRequest, answering the request itself
// when it cannot.
func (s *Server) readJob(w http.ResponseWriter, r *http.Request) (*job, bool) {
	data, ok := readBody(w, r, maxJSONBody, "request")
	if !ok {
		return nil, false
	}
	var req textsRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "serve: the request is not the JSON expected: %v", err)
		return nil, false
	}
	e, ok := s.lookup(w, req.Template)
	if !ok {
		return nil, false
	}
	if !template.ValidLang(req.Lang) {
		writeError(w, http.StatusBadRequest, "serve: lang %q is not a language code (BCP 47, e.g. sw, pt-BR)", req.Lang)
		return nil, false
	}
	if len(req.Texts) > maxTexts {
		writeError(w, http.StatusBadRequest, "serve: %d texts; at most %d", len(req.Texts), maxTexts)
		return nil, false
	}
	if req.File == "" {
		req.File = "form"
	}
	if len(req.File) > maxIDLen {
		writeError(w, http.StatusBadRequest, "serve: file name longer than %d bytes", maxIDLen)
		return nil, false
	}
	strs := &template.Strings{File: req.File, Text: map[string]string{}, Lines: map[string]int{}}
	res := &translation.Result{Strings: strs}
	for _, f := range e.t.Frames { // frame order, as a strings file would have them
		if txt, ok := req.Texts[f.ID]; ok && strings.TrimSpace(txt) == "" {
			res.Untranslated = append(res.Untranslated, f.ID)
		}
	}
	for id, txt := range req.Texts {
		if len(id) > maxIDLen {
			writeError(w, http.StatusBadRequest, "serve: a frame id longer than %d bytes", maxIDLen)
			return nil, false
		}
		if n := len([]rune(txt)); n > text.MaxText {
			writeError(w, http.StatusBadRequest, "serve: the text of %s has %d characters; a frame holds at most %d", id, n, text.MaxText)
			return nil, false
		}
		if strings.TrimSpace(txt) != "" {
			strs.Text[id] = txt
		}
	}
	reg, err := s.registry(req.Fonts)
	if err != nil {
		writeError(w, http.StatusConflict, "%v", err)
		return nil, false
	}
	return &job{req: req, e: e, res: res, reg: reg}, true
}

// run does work with one of the server's slots (and, if heavy, the one
// full-resolution slot), within timeout. A request that finds no slot
// within the configured wait gets 503 with Retry-After; so does one whose
// work outlasts timeout. A panic in work is an internal error of this
// request only.
func (s *Server) run(w http.ResponseWriter, r *http.Request, heavy bool, timeout time.Duration, work func() error) bool {
	release, ok := s.acquire(w, r, s.slots)
	if !ok {
		return false
	}
	if heavy {
		releaseHeavy, ok := s.acquire(w, r, s.heavy)
		if !ok {
			release()
			return false
		}
		release = func(r1, r2 func()) func() { return func() { r2(); r1() } }(release, releaseHeavy)
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer release()
		defer func() {
			if p := recover(); p != nil {
				s.log.Printf("serve: internal error on %s: %v\n%s", r.URL.Path, p, debug.Stack())
				done <- fmt.Errorf("serve: internal error (please report it): %v", p)
			}
		}()
		done <- work()
	}()
	select {
	case err := <-done:
		if err != nil {
			writeError(w, http.StatusInternalServerError, "%v", err)
			return false
		}
		return true
	case <-ctx.Done():
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "serve: the work took longer than %s; try again", timeout)
		return false
	}
}

func (s *Server) acquire(w http.ResponseWriter, r *http.Request, sem chan struct{}) (func(), bool) {
	t := time.NewTimer(s.cfg.Wait)
	defer t.Stop()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, true
	case <-t.C:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, "serve: busy with other requests; try again in a moment")
	case <-r.Context().Done():
		writeError(w, http.StatusServiceUnavailable, "serve: the request was cancelled")
	}
	return nil, false
}

// checkAnswer is /api/check's answer: posterkit check --json's report,
// with the direction and script the texts are set in.
type checkAnswer struct {
	kit.Report
	Direction string `json:"direction"` // ltr or rtl
	Script    string `json:"script"`    // ISO 15924 name of the texts' main script, e.g. Arabic
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	j, ok := s.readJob(w, r)
	if !ok {
		return
	}
	var ans checkAnswer
	if !s.run(w, r, false, checkTimeout, func() error {
		ans.Report = kit.Check(j.e.t, j.req.Lang, j.res, text.NewEngine(j.reg))
		return nil
	}) {
		return
	}
	ans.Direction, ans.Script = direction(j.req.Lang, j.res.Strings), script(j.res.Strings)
	writeJSON(w, http.StatusOK, ans)
}

// direction is the direction the form's fields are written in.
func direction(lang string, strs *template.Strings) string {
	var all strings.Builder
	for _, t := range strs.Text {
		all.WriteString(t)
	}
	if text.Direction(lang, all.String()) == di.DirectionRTL {
		return "rtl"
	}
	return "ltr"
}

// script is the strong script with the most characters in the texts, ""
// while they have none.
func script(strs *template.Strings) string {
	count := map[language.Script]int{}
	best, bestN := language.Latin, 0
	for _, t := range strs.Text {
		for _, r := range t {
			sc := language.LookupScript(r)
			if !sc.Strong() {
				continue
			}
			count[sc]++
			if n := count[sc]; n > bestN || n == bestN && sc < best {
				best, bestN = sc, n
			}
		}
	}
	if bestN == 0 {
		return ""
	}
	return best.String()
}

func (s *Server) options(dpi float64) export.Options {
	return export.Options{Creator: s.cfg.Creator, DPI: dpi, Backdrops: s.backdrops}
}

// preview draws the poster at screen resolution. Frames whose text
// cannot be set are left empty (the page outlines them from /api/check),
// so the translator sees the rest while fixing them.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) {
	j, ok := s.readJob(w, r)
	if !ok {
		return
	}
	dpi := j.req.DPI
	if dpi == 0 {
		dpi = previewDPI
	}
	if !(dpi >= export.MinDPI && dpi <= maxPreviewDPI) {
		writeError(w, http.StatusBadRequest, "serve: preview resolution %g DPI: want %d to %d", dpi, export.MinDPI, maxPreviewDPI)
		return
	}
	var buf bytes.Buffer
	if !s.run(w, r, false, checkTimeout, func() error {
		eng := text.NewEngine(j.reg)
		t := j.e.t
		sc, checks, err := layout.Page(t, j.req.Lang, j.res.Strings, eng, layout.Options{})
		if err != nil && checks != nil {
			ok := *t // a copy without the frames that cannot be set
			ok.Frames = nil
			for _, c := range checks {
				if c.Err() == nil {
					ok.Frames = append(ok.Frames, c.Frame)
				}
			}
			sc, _, err = layout.Page(&ok, j.req.Lang, j.res.Strings, eng, layout.Options{})
		}
		if err != nil {
			return err
		}
		return export.Write(&buf, export.PNG, sc, s.options(dpi))
	}) {
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// render makes the PDF or the PNG exactly as posterkit render does for
// the same texts, or, when check finds a problem, answers 422 with its
// report (as the CLI refuses to render).
func (s *Server) render(w http.ResponseWriter, r *http.Request) {
	j, ok := s.readJob(w, r)
	if !ok {
		return
	}
	f := export.Format(j.req.Format)
	if f == "" {
		f = export.PDF
	}
	opt := s.options(j.req.DPI)
	switch f {
	case export.PDF:
	case export.PNG:
		if opt.DPI == 0 {
			opt.DPI = 300
		}
		pw, ph := layout.BleedSize(j.e.t)
		if !(opt.DPI >= export.MinDPI && opt.DPI <= maxRenderDPI) || export.PageBytes(pw, ph, opt.DPI) > maxPageBytes {
			writeError(w, http.StatusBadRequest, "serve: resolution %g DPI: want %d to %d, and a page image of at most %d MB", opt.DPI, export.MinDPI, maxRenderDPI, maxPageBytes>>20)
			return
		}
	default:
		writeError(w, http.StatusBadRequest, "serve: format %q: want pdf or png", j.req.Format)
		return
	}
	var buf bytes.Buffer
	var sc *scene.Scene
	var failed *kit.Report
	if !s.run(w, r, true, renderTimeout, func() error {
		eng := text.NewEngine(j.reg)
		var err error
		sc, _, err = layout.Page(j.e.t, j.req.Lang, j.res.Strings, eng, layout.Options{})
		if err != nil {
			rep := kit.Check(j.e.t, j.req.Lang, j.res, eng)
			failed = &rep
			return nil
		}
		return export.Write(&buf, f, sc, opt)
	}) {
		return
	}
	if failed != nil {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: "serve: the texts cannot be rendered yet: see the report", Report: failed})
		return
	}
	ctype := "application/pdf"
	if f == export.PNG {
		ctype = "image/png"
	}
	attach(w, ctype, j.e.t.Name+"-"+j.req.Lang+"."+string(f), buf.Bytes())
}
