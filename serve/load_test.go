package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoadPreview sends previews from 50 clients at once for 30 seconds
// (POSTERKIT_LOAD=30s; POSTERKIT_LOAD_CLIENTS=50) and reports latency
// percentiles, peak memory and answers by status. Every answer must be
// 200, or 503 with Retry-After (a slot not free in time): nothing else.
// It runs only when POSTERKIT_LOAD is set:
//
//	POSTERKIT_LOAD=30s go test -run TestLoadPreview -v ./serve/
func TestLoadPreview(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("POSTERKIT_LOAD"))
	if err != nil {
		t.Skip("set POSTERKIT_LOAD=30s to run the load test")
	}
	d = min(d, 5*time.Minute) // stops by itself
	clients := 50
	if n, err := strconv.Atoi(os.Getenv("POSTERKIT_LOAD_CLIENTS")); err == nil && n > 0 && n <= 500 {
		clients = n
	}
	_, ts := newTestServer(t, Config{})
	ts.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = clients
	texts := spanish(t)
	var (
		mu      sync.Mutex
		lat     []time.Duration
		status  = map[int]int{}
		bad     []string
		peak    uint64
		stop    = make(chan struct{})
		sampled sync.WaitGroup
	)
	sampled.Add(1)
	go func() { // peak memory, sampled
		defer sampled.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse+ms.StackInuse)
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := 0
			for time.Now().Before(end) {
				i++
				// Each request differs, as a translator's keystrokes do.
				tx := map[string]string{}
				for k, v := range texts {
					tx[k] = v
				}
				tx["headline"] = texts["headline"] + strings.Repeat("!", (c+i)%5)
				b, _ := json.Marshal(map[string]any{"template": "wtisd-2009", "lang": "es", "texts": tx})
				t0 := time.Now()
				r, err := ts.Client().Post(ts.URL+"/api/preview", "application/json", bytes.NewReader(b))
				if err != nil {
					mu.Lock()
					bad = append(bad, err.Error())
					mu.Unlock()
					continue
				}
				io.Copy(io.Discard, r.Body)
				r.Body.Close()
				el := time.Since(t0)
				mu.Lock()
				status[r.StatusCode]++
				if r.StatusCode == 200 {
					lat = append(lat, el)
				} else if r.StatusCode != 503 || r.Header.Get("Retry-After") == "" {
					bad = append(bad, r.Status)
				}
				mu.Unlock()
				if r.StatusCode == 503 {
					time.Sleep(time.Second) // as Retry-After asks
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	sampled.Wait()
	slices.Sort(lat)
	p := func(q float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(q*float64(len(lat))))]
	}
	t.Logf("%d clients for %s, %d workers: answers by status %v; %.1f previews/s", clients, d, runtime.NumCPU(), status, float64(len(lat))/d.Seconds())
	t.Logf("latency of the 200s: p50 %s, p90 %s, p99 %s, max %s", p(.50), p(.90), p(.99), p(1))
	t.Logf("peak Go heap+stacks in use %d MB", peak>>20)
	if vm, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(vm), "\n") {
			if strings.HasPrefix(l, "VmHWM") {
				t.Logf("peak resident memory (%s)", strings.Join(strings.Fields(l), " "))
			}
		}
	}
	if len(bad) > 0 {
		t.Errorf("%d answers other than 200 or a deliberate 503: %v", len(bad), bad[:min(len(bad), 10)])
	}
	if len(lat) == 0 {
		t.Error("no preview made it")
	}
}
