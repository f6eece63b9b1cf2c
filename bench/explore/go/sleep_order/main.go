// Go twin of bench/explore/sleep_order.cpp: a race after a short sleep.
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	data int
	done bool
	mu   sync.Mutex
)

// busy works locally for d of real time.
func busy(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(time.Millisecond)
		data = 1 // RACE (rarely)
		mu.Lock()
		done = true
		mu.Unlock()
	}()
	busy(20 * time.Millisecond)
	time.Sleep(time.Millisecond)
	mu.Lock()
	finished := done
	mu.Unlock()
	value := data
	wg.Wait()
	fmt.Println("main: helper done", finished, "data", value)
}
