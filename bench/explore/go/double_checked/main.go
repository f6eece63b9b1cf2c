// Go twin of bench/explore/double_checked.cpp: double-checked initialisation
// without atomics.
package main

import (
	"fmt"
	"sync"
	"time"
)

type Config struct{ retries int }

var (
	mu      sync.Mutex
	ready   bool
	config  *Config
	workers int
)

func getConfig() *Config {
	if ready { // RACE (rarely)
		return config
	}
	mu.Lock()
	if !ready {
		config = &Config{3}
		ready = true
	}
	mu.Unlock()
	return config
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		busy(2 * time.Millisecond)
		mu.Lock()
		workers++
		mu.Unlock()
		fmt.Println("worker: retries", getConfig().retries)
	}()
	fmt.Println("retries", getConfig().retries)
	wg.Wait()
}

// busy works locally for d of real time.
func busy(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}
