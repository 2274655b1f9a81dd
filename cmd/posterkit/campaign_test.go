package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"posterkit/batch"
	"posterkit/layouts"
)

// buildPosterkit builds the command into a temporary folder, for tests
// that need several real processes.
func buildPosterkit(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "posterkit")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return bin
}

func TestShardsOnSeveralProcessesMergeIntoTheWholeCampaign(t *testing.T) {
	bin := buildPosterkit(t)
	root := t.TempDir()
	second := writeLayout(t, nil) // a second template, my-poster
	common := []string{"render", "wtisd-2009", second, "--lang", "all", "--format", "pdf", "--dpi", "20"}
	const n = 3
	var wg sync.WaitGroup
	errs := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := filepath.Join(root, fmt.Sprintf("shard-%d", i+1))
			args := append(common, "--out", out)
			cmd := exec.Command(bin, args...)
			if i == n-1 {
				// A Kubernetes Indexed Job's last pod: the index, 0-based,
				// and the count from the environment.
				cmd.Env = append(os.Environ(), fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i), fmt.Sprintf("POSTERKIT_SHARDS=%d", n))
			} else {
				cmd.Args = append(cmd.Args, "--shard", fmt.Sprintf("%d/%d", i+1, n))
			}
			if b, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Sprintf("shard %d: %v\n%s", i+1, err, b)
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
	var dirs []string
	for i := 1; i <= n; i++ {
		dir := filepath.Join(root, fmt.Sprintf("shard-%d", i))
		if _, err := os.Stat(filepath.Join(dir, fmt.Sprintf("manifest-%d-of-%d.json", i, n))); err != nil {
			t.Fatalf("shard %d wrote no manifest of its own: %v", i, err)
		}
		dirs = append(dirs, dir)
	}

	// Without the last shard, the merge lists what is missing and fails.
	merged := filepath.Join(root, "merged")
	b, err := exec.Command(bin, append([]string{"manifest", "merge", "--out", merged}, dirs[:n-1]...)...).CombinedOutput()
	if code := exitCode(err); code != exitFailed || !strings.Contains(string(b), fmt.Sprintf("shard %d of %d missing", n, n)) {
		t.Errorf("merge without shard %d: exit %d\n%s", n, code, b)
	}
	if b, err := exec.Command(bin, append([]string{"manifest", "merge", "--out", merged}, dirs...)...).CombinedOutput(); err != nil {
		t.Fatalf("merge: %v\n%s", err, b)
	}

	whole := filepath.Join(root, "whole")
	if b, err := exec.Command(bin, append(common, "--out", whole)...).CombinedOutput(); err != nil {
		t.Fatalf("whole campaign: %v\n%s", err, b)
	}
	got, want := readFile(t, filepath.Join(merged, "manifest.json")), readFile(t, filepath.Join(whole, "manifest.json"))
	if !bytes.Equal(got, want) {
		t.Errorf("merged manifest:\n%s\nthe whole campaign's in one process:\n%s", got, want)
	}
	var m batch.Manifest
	if err := json.Unmarshal(got, &m); err != nil || len(m.Outputs) != 14 {
		t.Errorf("merged manifest has %d outputs, want 14 (2 templates × 7): %v", len(m.Outputs), err)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "--strict", "-c", "SHA256SUMS")
		cmd.Dir = merged
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c in the merged folder: %v\n%s", err, b)
		}
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

func TestRenderReportIsPlainWhenNotATerminal(t *testing.T) {
	out := t.TempDir()
	args := []string{"render", "--all-layouts", "--lang", "en,blank", "--format", "pdf", "--out", out}
	code, _, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	n := 2 * len(layouts.Names()) // en and blank of every bundled template
	for _, want := range []string{fmt.Sprintf("/%d] wtisd-2009/", n), fmt.Sprintf("[%d/%d] wtisd-2009", n, n), "output", "wtisd-2009/en.pdf", "rendered",
		fmt.Sprintf("%d of %d outputs made (%d rendered, 0 skipped, unchanged)", n, n, n)} {
		if !strings.Contains(stderr, want) {
			t.Errorf("report lacks %q:\n%s", want, stderr)
		}
	}
	if strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("a progress bar's control characters in a log:\n%q", stderr)
	}

	code, stdout, stderr := runCLI(t, append(args, "--json", "--quiet")...)
	if code != exitOK {
		t.Fatalf("rerun: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "[1/") || strings.Contains(stderr, "output  ") {
		t.Errorf("--quiet still reports progress:\n%s", stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, stdout)
	}
	if rep.Skipped != n || len(rep.Outputs) != n || rep.Outputs[0].Status != "skipped" || rep.Outputs[0].SHA256 == "" {
		t.Errorf("rerun with nothing changed: %+v", rep)
	}
	if code, _, stderr := runCLI(t, args...); !strings.Contains(stderr, "skipped, unchanged") {
		t.Errorf("rerun: exit %d, no 'skipped, unchanged':\n%s", code, stderr)
	}
}
