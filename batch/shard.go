package batch

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"

	"posterkit/render/export"
)

// Shard is the Index-th (1 to Count) of Count slices of a campaign, for
// spreading it over machines. The zero value, like 1/1, is the whole.
type Shard struct{ Index, Count int }

func (s Shard) String() string {
	if s.Count <= 1 {
		return "all"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// maxShards bounds the shard count: beyond a few hundred machines the
// start-up of each outweighs its share of any real campaign.
const maxShards = 1000

// ShardFromEnv is the shard of a Kubernetes Indexed Job's pod: its
// JOB_COMPLETION_INDEX (0 to N-1) is shard index+1 of count, the count
// coming from --shards or, when that is 0, POSTERKIT_SHARDS. It reports
// false when there is no index or no count.
func ShardFromEnv(count int) (Shard, bool, error) {
	idx, ok := os.LookupEnv("JOB_COMPLETION_INDEX")
	if !ok || idx == "" {
		return Shard{}, false, nil
	}
	if count == 0 {
		n := os.Getenv("POSTERKIT_SHARDS")
		if n == "" {
			return Shard{}, false, nil
		}
		c, err := strconv.Atoi(n)
		if err != nil {
			return Shard{}, false, fmt.Errorf("batch: POSTERKIT_SHARDS=%q: want a number of shards", n)
		}
		count = c
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= count || count > maxShards {
		return Shard{}, false, fmt.Errorf("batch: JOB_COMPLETION_INDEX=%q with %d shards: want 0 to %d (and at most %d shards)", idx, count, count-1, maxShards)
	}
	return Shard{Index: i + 1, Count: count}, true, nil
}

// Costs of an output in arbitrary units, to balance shards by the time
// they take rather than by count: a PDF is about as much work as laying
// out the page (shaping, copy-fit), whatever its size; a PNG adds the
// drawing and compression of every pixel. Measured on the bundled A2
// poster in English (one core of the development machine): the PDF,
// layout included, 0.055 s; the PNG at 300 DPI (36.4 Mpx with the bleed)
// 1.28 s, so a megapixel costs about 0.034 s, 0.6 PDFs.
const (
	pdfCost      = 1.0
	pngCostPerMP = 0.6
)

// cost estimates o's rendering time in pdfCost units.
func cost(o *Output, job *Job) float64 {
	if o.Format != export.PNG {
		return pdfCost
	}
	w, h := layoutSize(job)
	return pdfCost + pngCostPerMP*float64(export.PageBytes(w, h, job.Options.DPI)/4)/1e6
}

// assign gives each output of plan its shard (1 to n) by greedy
// longest-processing-time: the costliest first, each to the shard with
// the least work so far (the lowest index on a tie). The order is stable
// — cost, then path — so that every machine computes the same slices.
func assign(plan []*Output, n int) {
	if n <= 1 {
		for _, o := range plan {
			o.shard = 1
		}
		return
	}
	order := slices.Clone(plan)
	slices.SortStableFunc(order, func(a, b *Output) int {
		if c := cmp.Compare(b.Cost, a.Cost); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	load := make([]float64, n)
	for _, o := range order {
		best := 0
		for i := range load {
			if load[i] < load[best] {
				best = i
			}
		}
		load[best] += o.Cost
		o.shard = best + 1
	}
}
