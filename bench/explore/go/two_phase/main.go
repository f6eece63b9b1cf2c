// Go twin of bench/explore/two_phase.cpp: a race that needs a preemption in
// the middle of a goroutine.
package main

import (
	"fmt"
	"sync"
)

var (
	mu    sync.Mutex
	state int
	data  int
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		mu.Lock()
		state = 1
		mu.Unlock()
		data = 7 // RACE (rarely)
		mu.Lock()
		state = 2
		mu.Unlock()
	}()
	go func() {
		defer wg.Done()
		mu.Lock()
		seen := state
		mu.Unlock()
		if seen == 1 {
			fmt.Println("checker: data", data)
		}
	}()
	wg.Wait()
}
