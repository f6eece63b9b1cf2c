// The Go side of bench/scaling/scaling_bench.cpp: the same work per
// iteration, for `go test -bench . -cpu 1,2,4,8,16`.
package scaling

import (
	"sync"
	"testing"
)

const units = 16 // independent pairs or workers

// runSplit splits b.N iterations over the units: start(iterations, wg,
// sum) starts one unit's goroutines, which call wg.Done() once each and
// store a result in *sum. It waits for all of them.
func runSplit(b *testing.B, start func(perUnit int, wg *sync.WaitGroup, sum *int)) {
	perUnit := b.N/units + 1
	var wg sync.WaitGroup
	sums := make([]int, units)
	for u := 0; u < units; u++ {
		start(perUnit, &wg, &sums[u])
	}
	wg.Wait()
}

// Sixteen independent copies of Pipeline's hand-off; b.N counts blocks.
func BenchmarkParallelPipelines(b *testing.B) {
	runSplit(b, func(perPair int, wg *sync.WaitGroup, sum *int) {
		blocks := make(chan []int, 16)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < perPair; i++ {
				blk := make([]int, 512)
				for j := range blk {
					blk[j] = i + j
				}
				blocks <- blk
			}
			close(blocks)
		}()
		go func() {
			defer wg.Done()
			s := 0
			for blk := range blocks {
				for _, v := range blk {
					s += v * v
				}
			}
			*sum = s
		}()
	})
}

// Sixteen goroutines each summing its own 64 KiB array; b.N counts passes.
func BenchmarkParallelPrivateSums(b *testing.B) {
	runSplit(b, func(perWorker int, wg *sync.WaitGroup, sum *int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data := make([]int, 8192)
			s := 0
			for i := 0; i < perWorker; i++ {
				data[i%8192] = i
				for _, v := range data {
					s += v
				}
			}
			*sum = s
		}()
	})
}
