package batch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"posterkit/fonts"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/layout"
)

// copyTemplate writes the bundled poster to a folder of its own named
// name, so that a test can edit its files.
func copyTemplate(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	sub, err := fs.Sub(layouts.FS(), layouts.Default)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	return dir
}

// campaignOf is a campaign of the templates (bundled names or folders) in
// langs, as PDF at 20 DPI unless formats say otherwise.
func campaignOf(t *testing.T, out string, templates []string, langs []string, formats ...export.Format) Campaign {
	t.Helper()
	if len(formats) == 0 {
		formats = []export.Format{export.PDF}
	}
	c := Campaign{OutDir: out}
	for _, name := range templates {
		tmpl, err := layouts.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		c.Jobs = append(c.Jobs, Job{Template: tmpl, Langs: langs, Formats: formats,
			Options: export.Options{Creator: "test", DPI: 20}, Fonts: fonts.Default()})
	}
	return c
}

func runCampaign(t *testing.T, c Campaign) *Report {
	t.Helper()
	rep, err := RunCampaign(c)
	if err != nil {
		t.Fatalf("RunCampaign: %v", err)
	}
	return rep
}

// posters lists the files under dir that are not the manifest's, its
// checksums' or a lock, relative and with slashes.
func posters(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		base := d.Name()
		if strings.HasPrefix(base, "manifest") || strings.HasPrefix(base, "SHA256SUMS") || base == ".posterkit.lock" {
			return nil
		}
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

func TestManifestListsExactlyTheFilesWritten(t *testing.T) {
	out := t.TempDir()
	c := campaignOf(t, out, []string{layouts.Default, copyTemplate(t, "second")}, []string{"en", "ar", layout.Blank}, export.PDF, export.PNG)
	rep := runCampaign(t, c)
	if n := rep.Count(Rendered); n != 12 {
		t.Fatalf("%d rendered, want 12 (2 templates × 3 languages × 2 formats)", n)
	}
	m, err := ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, e := range m.Outputs {
		listed = append(listed, e.Path)
		data, err := os.ReadFile(filepath.Join(out, e.Path))
		if err != nil {
			t.Errorf("%s listed but not there: %v", e.Path, err)
			continue
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != e.SHA256 || int64(len(data)) != e.Size {
			t.Errorf("%s: manifest says %s, %d bytes; the file is %x, %d bytes", e.Path, e.SHA256, e.Size, sum, len(data))
		}
		if !strings.HasPrefix(e.Inputs, "sha256:") || e.Template == "" || e.Language == "" || e.Format == "" {
			t.Errorf("%s: incomplete entry %+v", e.Path, e)
		}
		if (e.Format == export.PNG) != (e.Variant.DPI == 20) {
			t.Errorf("%s: variant %+v", e.Path, e.Variant)
		}
	}
	if got := posters(t, out); !slices.Equal(listed, got) {
		t.Errorf("manifest lists %v\nfolder holds   %v", listed, got)
	}
	if m.Campaign.Outputs != 12 || m.Shard != nil {
		t.Errorf("campaign %+v, shard %+v", m.Campaign, m.Shard)
	}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Log("no sha256sum here: SHA256SUMS checked by the manifest alone")
		return
	}
	cmd := exec.Command("sha256sum", "--strict", "-c", "SHA256SUMS")
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c SHA256SUMS: %v\n%s", err, b)
	} else if strings.Count(string(b), ": OK\n") != 12 {
		t.Errorf("sha256sum checked other than the 12 files:\n%s", b)
	}
}

// stat is what a rewrite of a file would change.
type stat struct {
	mtime time.Time
	ino   uint64
}

func stats(t *testing.T, dir string) map[string]stat {
	t.Helper()
	out := map[string]stat{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		s := stat{mtime: fi.ModTime()}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			s.ino = st.Ino
		}
		out[p] = s
		return nil
	})
	return out
}

func statuses(rep *Report) map[string]Status {
	m := map[string]Status{}
	for _, o := range rep.Outputs {
		m[o.Path] = o.Status
	}
	return m
}

func TestRerunWithNothingChangedWritesNothing(t *testing.T) {
	out := t.TempDir()
	c := campaignOf(t, out, []string{layouts.Default}, []string{"en", "fr", layout.Blank})
	runCampaign(t, c)
	before := stats(t, out)
	time.Sleep(10 * time.Millisecond) // so that a rewrite would show in the mtime
	rep := runCampaign(t, campaignOf(t, out, []string{layouts.Default}, []string{"en", "fr", layout.Blank}))
	if n := rep.Count(Skipped); n != 3 {
		t.Errorf("%d skipped, want all 3: %v", n, statuses(rep))
	}
	after := stats(t, out)
	delete(before, filepath.Join(out, ".posterkit.lock"))
	for name, s := range before {
		if filepath.Base(name) == ".posterkit.lock" {
			continue
		}
		if after[name] != s {
			t.Errorf("%s rewritten: %v → %v", name, s, after[name])
		}
	}

	c = campaignOf(t, out, []string{layouts.Default}, []string{"en", "fr", layout.Blank})
	c.Force = true
	if rep := runCampaign(t, c); rep.Count(Rendered) != 3 {
		t.Errorf("--force rendered %v, want all", statuses(rep))
	}
}

func TestChangedFileRerendersOnlyWhatUsesIt(t *testing.T) {
	for _, c := range []struct {
		name     string
		edit     func(t *testing.T, dir string)
		rerender []string
	}{
		{"a string re-renders its language", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "strings/fr.yaml"), "headline: ", "headline: Nouveau ")
		}, []string{"poster/fr.pdf"}},
		{"the layout re-renders every language", func(t *testing.T, dir string) {
			edit(t, filepath.Join(dir, "layout.yaml"), "bleed: 3", "bleed: 4")
		}, []string{"poster/blank.pdf", "poster/en.pdf", "poster/fr.pdf"}},
		{"an edited file re-renders", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(filepath.Dir(dir), "out", "poster", "en.pdf"), []byte("%PDF-not"), 0o644)
		}, []string{"poster/en.pdf"}},
		{"a removed file re-renders", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(filepath.Dir(dir), "out", "poster", "blank.pdf"))
		}, []string{"poster/blank.pdf"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyTemplate(t, "poster")
			out := filepath.Join(filepath.Dir(dir), "out")
			langs := []string{"en", "fr", layout.Blank}
			runCampaign(t, campaignOf(t, out, []string{dir}, langs))
			c.edit(t, dir)
			rep := runCampaign(t, campaignOf(t, out, []string{dir}, langs))
			var got []string
			for _, o := range rep.Outputs {
				if o.Status == Rendered {
					got = append(got, o.Path)
				} else if o.Status != Skipped {
					t.Errorf("%s: %v %v", o.Path, o.Status, o.Err)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, c.rerender) {
				t.Errorf("re-rendered %v, want %v", got, c.rerender)
			}
		})
	}
}

func edit(t *testing.T, name, old, new string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	if err := os.WriteFile(name, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestShardsPartitionTheCampaignByCost(t *testing.T) {
	c := campaignOf(t, t.TempDir(), []string{layouts.Default, copyTemplate(t, "second")},
		[]string{"ar", "zh", "en", "fr", "ru", "es", layout.Blank}, export.PDF, export.PNG)
	c.Jobs[1].Options.DPI = 150 // PNGs of very different costs
	for n := 1; n <= 7; n++ {
		c.Shard = Shard{1, n}
		plan, _, err := c.plan()
		if err != nil {
			t.Fatal(err)
		}
		load := make([]float64, n)
		var maxCost float64
		seen := map[string]bool{}
		for _, o := range plan {
			if o.shard < 1 || o.shard > n {
				t.Fatalf("%s in shard %d of %d", o.Path, o.shard, n)
			}
			if seen[o.Path] {
				t.Fatalf("%s planned twice", o.Path)
			}
			seen[o.Path] = true
			load[o.shard-1] += o.Cost
			maxCost = max(maxCost, o.Cost)
		}
		if len(seen) != 28 {
			t.Errorf("%d shards: %d outputs, want 28", n, len(seen))
		}
		// Greedy LPT leaves no shard more than one output above another.
		if spread := slices.Max(load) - slices.Min(load); spread > maxCost+1e-9 {
			t.Errorf("%d shards: loads %v, spread %g above the costliest output %g", n, load, spread, maxCost)
		}
		again, _, _ := c.plan()
		for i := range plan {
			if plan[i].shard != again[i].shard {
				t.Fatalf("%d shards: %s went to shard %d, then %d", n, plan[i].Path, plan[i].shard, again[i].shard)
			}
		}
	}
}

func TestShardsMergeIntoTheWholeCampaign(t *testing.T) {
	root := t.TempDir()
	langs := []string{"en", "fr", "ru", layout.Blank}
	var dirs []string
	for i := 1; i <= 3; i++ {
		dir := filepath.Join(root, "shard", string(rune('0'+i)))
		c := campaignOf(t, dir, []string{layouts.Default}, langs)
		c.Shard = Shard{i, 3}
		runCampaign(t, c)
		if _, err := os.Stat(filepath.Join(dir, ManifestName(c.Shard))); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	if _, err := Merge(filepath.Join(root, "merged"), dirs[:2]...); err == nil || !strings.Contains(err.Error(), "shard 3 of 3 missing") {
		t.Errorf("merge without shard 3: %v", err)
	}
	if _, err := Merge(filepath.Join(root, "merged"), dirs[0], dirs[0], dirs[1], dirs[2]); err == nil || !strings.Contains(err.Error(), "shard 1 of 3 twice") {
		t.Errorf("merge with shard 1 twice: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "merged", "manifest.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed merge wrote a manifest: %v", err)
	}
	m, err := Merge(filepath.Join(root, "merged"), dirs...)
	if err != nil {
		t.Fatal(err)
	}
	whole := t.TempDir()
	runCampaign(t, campaignOf(t, whole, []string{layouts.Default}, langs))
	want, _ := os.ReadFile(filepath.Join(whole, "manifest.json"))
	got, _ := os.ReadFile(filepath.Join(root, "merged", "manifest.json"))
	if string(got) != string(want) {
		t.Errorf("merged manifest differs from one run's:\n%s\nwant\n%s", got, want)
	}
	if len(m.Outputs) != 4 || !slices.Equal(posters(t, filepath.Join(root, "merged")), posters(t, whole)) {
		t.Errorf("merged folder holds %v, want %v", posters(t, filepath.Join(root, "merged")), posters(t, whole))
	}
}

// TestPrintPDFsArePreflighted: a CMYK PDF is checked as a print shop's
// preflight would check it, and what fails is in the output's warnings —
// here a 10 × 10 px image placed 100 mm wide.
func TestPrintPDFsArePreflighted(t *testing.T) {
	dir := t.TempDir()
	img := image.NewNRGBA(image.Rect(0, 0, 10, 10))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var pngData bytes.Buffer
	png.Encode(&pngData, img)
	os.MkdirAll(filepath.Join(dir, "t", "strings"), 0o755)
	os.WriteFile(filepath.Join(dir, "t", "tiny.png"), pngData.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "t", "strings", "en.yaml"), []byte("a: Hello\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "t", "layout.yaml"), []byte(`title: T
page: {size: A4}
languages: [en]
styles:
  s: {font: text, size: {min: 10, max: 20}}
artwork:
  - image: tiny.png
    box: {x: 10, y: 10, w: 100, h: 100}
frames:
  - id: a
    box: {x: 10, y: 150, w: 100, h: 50}
    style: s
`), 0o644)
	c := campaignOf(t, filepath.Join(dir, "out"), []string{filepath.Join(dir, "t")}, []string{"en"})
	p, err := export.BundledPrint(0)
	if err != nil {
		t.Fatal(err)
	}
	c.Jobs[0].Options.Print = p
	rep := runCampaign(t, c)
	ws := strings.Join(rep.Outputs[0].Warnings, "\n")
	if !strings.Contains(ws, "preflight: fail images") || !strings.Contains(ws, "10 × 10 pixels placed at 100.0 × 100.0 mm") {
		t.Errorf("warnings %q, want preflight's failure of the 3 ppi image", ws)
	}
	c.Jobs[0].Options.Print = nil
	c.Force = true
	if rep := runCampaign(t, c); len(rep.Outputs[0].Warnings) != 0 {
		t.Errorf("an RGB PDF is preflighted: %q", rep.Outputs[0].Warnings)
	}
}
