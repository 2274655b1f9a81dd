package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"

	"posterkit/fonts"
	"posterkit/render/export"
	"posterkit/render/template"
)

// inputsVersion names the recipe below: a change to what goes into the
// hash changes it, so that no output is skipped under an old recipe.
const inputsVersion = "posterkit-inputs/1"

// jobInputs hashes what every output of job shares: the template as
// loaded (page, artwork with its images' bytes, styles, frames and their
// lines in layout.yaml), the fonts, and the options. The template is
// hashed as loaded rather than as layout.yaml's bytes so that bundled and
// folder templates are treated alike, and the images it draws are part of
// it; every field that reaches the page is an exported one, which
// encoding/json writes (maps in key order, so deterministically).
func jobInputs(job *Job, fontsDigest string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", inputsVersion)
	if err := writeJSON(h, "template", job.template()); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "fonts %s\x00", fontsDigest)
	o := job.Options
	fmt.Fprintf(h, "creator %q\x00date %d\x00pdfx %t\x00nooverprint %t\x00", o.Creator, o.Date.UnixNano(), o.PDFX, o.NoOverprint)
	if o.Date.IsZero() {
		fmt.Fprint(h, "nodate\x00")
	}
	if p := o.Print; p != nil {
		fmt.Fprintf(h, "print %q %q %d %x\x00", p.Condition, p.Registry, p.Intent, sha256.Sum256(p.Profile.Data()))
	}
	fmt.Fprintf(h, "marks %t\x00guides %t\x00", job.Marks, job.Guides)
	if o.PNGArea == "trim" { // only then, so that earlier manifests still match
		fmt.Fprint(h, "pngarea trim\x00")
	}
	if job.Marks {
		fmt.Fprintf(h, "slugdate %d\x00", job.SlugDate.UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stringsInputs hashes a language's texts as read (by frame id, with
// their lines, which warnings name); "" for the blank variant. The file's
// path is left out, so that a moved template folder renders nothing anew.
func stringsInputs(s *template.Strings) (string, error) {
	if s == nil {
		return "", nil
	}
	h := sha256.New()
	if err := writeJSON(h, "strings", struct {
		Text  map[string]string
		Lines map[string]int
	}{s.Text, s.Lines}); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// outputInputs is the hash recorded for one output: its job's, its
// language's, and what only its format uses (the resolution of a PNG).
func outputInputs(job, lang, strs string, f export.Format, dpi float64) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00job %s\x00lang %s\x00strings %s\x00format %s\x00", inputsVersion, job, lang, strs, f)
	if f == export.PNG {
		fmt.Fprintf(h, "dpi %g\x00", dpi)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func writeJSON(h hash.Hash, what string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("batch: hashing the %s: %w", what, err)
	}
	fmt.Fprintf(h, "%s %d\x00", what, len(b))
	h.Write(b)
	return nil
}

// fontsInputs hashes the fonts of reg, the user's and the embedded set,
// by name and bytes (Font.SHA256: each font hashed once per process, the
// embedded set's digests known in advance).
func fontsInputs(reg *fonts.Registry) string {
	h := sha256.New()
	for _, f := range reg.Fonts() {
		sum := f.SHA256()
		fmt.Fprintf(h, "%q %x\x00", f.Name, sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fileSHA256 is the hex SHA-256 and size of a regular file.
func fileSHA256(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// unchanged reports whether the file at name is still the one prev
// recorded, so that an output whose inputs are unchanged can be skipped:
// a regular file of the recorded size and SHA-256.
func unchanged(name string, prev *Entry) bool {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != prev.Size {
		return false
	}
	sum, _, err := fileSHA256(name)
	return err == nil && sum == prev.SHA256
}
