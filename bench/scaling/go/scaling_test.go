// The Go side of bench/scaling/scaling_bench.cpp: the same work per
// iteration, for `go test -bench . -cpu 1,2,4,8,16`.
package scaling

import (
	"sync"
	"testing"
)

// Sixteen independent copies of Pipeline's hand-off; b.N counts blocks.
func BenchmarkParallelPipelines(b *testing.B) {
	const pairs = 16
	perPair := b.N/pairs + 1
	var wg sync.WaitGroup
	sums := make([]int, pairs)
	for p := 0; p < pairs; p++ {
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
		go func(p int) {
			defer wg.Done()
			s := 0
			for blk := range blocks {
				for _, v := range blk {
					s += v * v
				}
			}
			sums[p] = s
		}(p)
	}
	wg.Wait()
}

// Sixteen goroutines each summing its own 64 KiB array; b.N counts passes.
func BenchmarkParallelPrivateSums(b *testing.B) {
	const workers = 16
	perWorker := b.N/workers + 1
	var wg sync.WaitGroup
	sums := make([]int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			data := make([]int, 8192)
			s := 0
			for i := 0; i < perWorker; i++ {
				data[i%8192] = i
				for _, v := range data {
					s += v
				}
			}
			sums[w] = s
		}(w)
	}
	wg.Wait()
}
