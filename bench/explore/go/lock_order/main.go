// Go twin of bench/explore/lock_order.cpp: a race masked by lock order.
package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	data      int
	published bool
	mu        sync.Mutex
)

// busy works locally for d of real time.
func busy(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		data = 42 // RACE (rarely)
		mu.Lock()
		published = true
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		busy(2 * time.Millisecond)
		mu.Lock()
		seen := published
		mu.Unlock()
		value := data
		fmt.Println("reader: published", seen, "data", value)
	}()
	wg.Wait()
}
