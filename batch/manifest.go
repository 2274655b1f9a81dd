package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"posterkit/internal/atomicfile"
	"posterkit/render/export"
)

// Manifest is OUT/manifest.json: every output of a campaign with what it
// was made from, so that a print shop can check what it was sent and a
// rerun can skip what has not changed. It holds no times, so that an
// unchanged campaign writes the same manifest (and so none at all).
type Manifest struct {
	Posterkit string     `json:"posterkit"`       // the program and version that wrote it
	Shard     *ShardInfo `json:"shard,omitempty"` // set in a shard's manifest
	Campaign  Plan       `json:"campaign"`        // the whole campaign, across shards
	Outputs   []Entry    `json:"outputs"`         // the files, by path
	Failed    []Failure  `json:"failed,omitempty"`
}

// ShardInfo says which slice of the campaign a manifest covers.
type ShardInfo struct {
	Index int `json:"index"` // 1 to Count
	Count int `json:"count"`
}

// Plan identifies a whole campaign: how many outputs it has, and a hash
// of their paths and inputs, the same in every shard's manifest of one
// campaign (merging checks it).
type Plan struct {
	Outputs int    `json:"outputs"`
	Digest  string `json:"digest"`
}

// Entry is one output file.
type Entry struct {
	Path     string        `json:"path"`   // relative to OUT, with slashes: wtisd-2009/en.pdf
	SHA256   string        `json:"sha256"` // hex, as sha256sum prints it
	Size     int64         `json:"size"`   // bytes
	Template string        `json:"template"`
	Language string        `json:"language"` // a language code, or blank
	Format   export.Format `json:"format"`
	Variant  Variant       `json:"variant"`
	Warnings []string      `json:"warnings"`
	Inputs   string        `json:"inputs"` // "sha256:…" of everything the file was made from
}

// Failure is an output the campaign planned and could not make.
type Failure struct {
	Path     string        `json:"path"`
	Template string        `json:"template"`
	Language string        `json:"language"`
	Format   export.Format `json:"format"`
	Error    string        `json:"error"`
}

// Variant is how an output was made beyond its template and language:
// the print options.
type Variant struct {
	DPI         float64 `json:"dpi,omitempty"`       // PNG resolution
	CMYK        bool    `json:"cmyk,omitempty"`      // PDF in CMYK through an output profile
	Condition   string  `json:"condition,omitempty"` // its printing condition, e.g. FOGRA39
	PDFX        bool    `json:"pdfx,omitempty"`      // PDF/X-4
	NoOverprint bool    `json:"no_overprint,omitempty"`
	Marks       bool    `json:"marks,omitempty"` // printer's marks
	Guides      bool    `json:"guides,omitempty"`
	Bleed       float64 `json:"bleed"` // mm on every side
}

// String is the variant in a few words, for reports.
func (v Variant) String() string {
	var w []string
	if v.DPI > 0 {
		w = append(w, fmt.Sprintf("%g dpi", v.DPI))
	}
	if v.CMYK {
		w = append(w, "cmyk "+v.Condition)
	}
	for _, f := range []struct {
		on   bool
		name string
	}{{v.PDFX, "pdfx"}, {v.NoOverprint, "no-overprint"}, {v.Marks, "marks"}, {v.Guides, "guides"}} {
		if f.on {
			w = append(w, f.name)
		}
	}
	w = append(w, fmt.Sprintf("bleed %g", v.Bleed))
	return strings.Join(w, ", ")
}

// ManifestName is the manifest's file name in OUT: manifest.json, or
// manifest-I-of-N.json for a shard, so that the shards' folders can be
// poured into one (as CI artifacts are) without overwriting each other's.
func ManifestName(s Shard) string {
	if s.Count <= 1 {
		return "manifest.json"
	}
	return fmt.Sprintf("manifest-%d-of-%d.json", s.Index, s.Count)
}

// SumsName is the checksum file beside the manifest, in the format
// sha256sum -c reads: SHA256SUMS, or SHA256SUMS-I-of-N for a shard.
func SumsName(s Shard) string {
	if s.Count <= 1 {
		return "SHA256SUMS"
	}
	return fmt.Sprintf("SHA256SUMS-%d-of-%d", s.Index, s.Count)
}

// maxManifestSize bounds a manifest read: an entry is about 600 bytes,
// and a large campaign (50 templates × 40 languages × 4 formats) has
// 8,000 of them, under 5 MB.
const maxManifestSize = 64 << 20

// ReadManifest reads a manifest file.
func ReadManifest(name string) (*Manifest, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() || fi.Size() > maxManifestSize {
		return nil, fmt.Errorf("batch: %s: not a manifest (a regular file of at most %d bytes)", name, maxManifestSize)
	}
	var m Manifest
	dec := json.NewDecoder(f)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("batch: %s: %w", name, err)
	}
	for _, e := range m.Outputs {
		if !validPath(e.Path) {
			return nil, fmt.Errorf("batch: %s: output path %q: want a path inside the folder, such as wtisd-2009/en.pdf", name, e.Path)
		}
	}
	return &m, nil
}

// validPath reports whether p names a file inside a folder: relative,
// with slashes, no "..", nothing sha256sum would misread.
func validPath(p string) bool {
	return p != "" && !strings.HasPrefix(p, "/") && !strings.ContainsAny(p, "\\\n\r\x00") &&
		filepath.ToSlash(filepath.Clean(filepath.FromSlash(p))) == p && !strings.HasPrefix(p, "../") && p != ".."
}

// encode is the manifest's JSON, indented, with a final newline.
func (m *Manifest) encode() []byte {
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// sums is the manifest as sha256sum -c reads it: "<hex>  <path>" per line.
func (m *Manifest) sums() []byte {
	var b bytes.Buffer
	for _, e := range m.Outputs {
		fmt.Fprintf(&b, "%s  %s\n", e.SHA256, e.Path)
	}
	return b.Bytes()
}

// write writes the manifest and its checksums to dir under the names of
// shard, each only if it changed (a rerun that changed nothing writes
// nothing), atomically.
func (m *Manifest) write(dir string, shard Shard) error {
	slices.SortFunc(m.Outputs, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(m.Failed, func(a, b Failure) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range []struct {
		name string
		data []byte
	}{{ManifestName(shard), m.encode()}, {SumsName(shard), m.sums()}} {
		name := filepath.Join(dir, f.name)
		if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, f.data) {
			continue
		}
		if err := atomicfile.WriteFile(name, f.data); err != nil {
			return fmt.Errorf("batch: %w", err)
		}
	}
	return nil
}

// shardManifest matches a shard's manifest name.
var shardManifest = regexp.MustCompile(`^manifest-([0-9]+)-of-([0-9]+)\.json$`)

// MergeError lists what stops shard manifests from making a whole
// campaign: shards missing or given twice, outputs missing (failed, or in
// no manifest), given twice, or not as their manifest says.
type MergeError struct{ Problems []string }

func (e *MergeError) Error() string {
	return "batch: the shards do not make a whole campaign:\n  " + strings.Join(e.Problems, "\n  ")
}

// Merge joins the shard manifests (manifest-I-of-N.json) found in dirs
// into out/manifest.json and out/SHA256SUMS. It checks that the shards
// are of one campaign, that every shard is there once, that no output is
// missing or comes twice, and that every file is as its manifest says;
// files in a folder other than out are copied into it. On any problem it
// writes nothing and returns a *MergeError listing them all.
func Merge(out string, dirs ...string) (*Manifest, error) {
	type shard struct {
		m    *Manifest
		dir  string
		file string
	}
	var shards []shard
	var problems []string
	for _, dir := range dirs {
		es, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
		for _, e := range es {
			if !shardManifest.MatchString(e.Name()) {
				continue
			}
			file := filepath.Join(dir, e.Name())
			m, err := ReadManifest(file)
			if err != nil {
				return nil, err
			}
			if m.Shard == nil {
				return nil, fmt.Errorf("batch: %s: not a shard's manifest (it has no shard)", file)
			}
			shards = append(shards, shard{m, dir, file})
		}
	}
	if len(shards) == 0 {
		return nil, fmt.Errorf("batch: no shard manifests (manifest-I-of-N.json) in %s", strings.Join(dirs, ", "))
	}
	first := shards[0]
	count, plan := first.m.Shard.Count, first.m.Campaign
	seen := map[int]string{}
	for _, s := range shards {
		switch {
		case s.m.Shard.Count != count:
			problems = append(problems, fmt.Sprintf("%s: shard of %d, but %s is of %d", s.file, s.m.Shard.Count, first.file, count))
			continue
		case s.m.Campaign != plan:
			problems = append(problems, fmt.Sprintf("%s: another campaign than %s's (other templates, texts, options or version)", s.file, first.file))
			continue
		}
		if prev, ok := seen[s.m.Shard.Index]; ok {
			problems = append(problems, fmt.Sprintf("shard %d of %d twice: %s and %s", s.m.Shard.Index, count, prev, s.file))
			continue
		}
		seen[s.m.Shard.Index] = s.file
	}
	for i := 1; i <= count; i++ {
		if _, ok := seen[i]; !ok {
			problems = append(problems, fmt.Sprintf("shard %d of %d missing (no manifest-%d-of-%d.json)", i, count, i, count))
		}
	}
	merged := &Manifest{Posterkit: first.m.Posterkit, Campaign: plan}
	from := map[string]string{} // path → the folder holding it
	for _, s := range shards {
		if seen[s.m.Shard.Index] != s.file {
			continue
		}
		for _, f := range s.m.Failed {
			problems = append(problems, fmt.Sprintf("%s missing: shard %d failed to make it: %s", f.Path, s.m.Shard.Index, firstLine(f.Error)))
		}
		for _, e := range s.m.Outputs {
			if dir, ok := from[e.Path]; ok {
				problems = append(problems, fmt.Sprintf("%s twice: in %s and %s", e.Path, dir, s.dir))
				continue
			}
			from[e.Path] = s.dir
			sum, _, err := fileSHA256(filepath.Join(s.dir, filepath.FromSlash(e.Path)))
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%s missing from %s: %v", e.Path, s.dir, err))
			case sum != e.SHA256:
				problems = append(problems, fmt.Sprintf("%s in %s is not the file its manifest lists (SHA-256 %s, want %s)", e.Path, s.dir, sum, e.SHA256))
			}
			merged.Outputs = append(merged.Outputs, e)
		}
	}
	if len(problems) == 0 && len(merged.Outputs) != plan.Outputs {
		problems = append(problems, fmt.Sprintf("%d outputs, but the campaign has %d", len(merged.Outputs), plan.Outputs))
	}
	if len(problems) > 0 {
		return nil, &MergeError{problems}
	}
	lock, err := atomicfile.LockDir(out)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	defer lock.Unlock()
	for _, e := range merged.Outputs {
		if err := gather(out, from[e.Path], e); err != nil {
			return nil, err
		}
	}
	if err := merged.write(out, Shard{}); err != nil {
		return nil, err
	}
	return merged, nil
}

// gather copies e from dir into out, unless out already holds it.
func gather(out, dir string, e Entry) error {
	dst := filepath.Join(out, filepath.FromSlash(e.Path))
	if sum, _, err := fileSHA256(dst); err == nil && sum == e.SHA256 {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.Path)))
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	if err := atomicfile.WriteFile(dst, data); err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// ParseShard reads --shard I/N: the I-th (1 to N) of N slices.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	a, err1 := strconv.Atoi(i)
	b, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || b < 1 || b > maxShards || a < 1 || a > b {
		return Shard{}, fmt.Errorf("batch: --shard %q: want I/N with 1 ≤ I ≤ N ≤ %d, e.g. 3/8", s, maxShards)
	}
	return Shard{Index: a, Count: b}, nil
}
