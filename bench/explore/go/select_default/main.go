// Go twin of bench/explore/select_default.cpp: a non-blocking status poll.
package main

import (
	"fmt"
	"time"
)

var progress int

func main() {
	done := make(chan bool, 1)
	go func() {
		for step := 1; step <= 3; step++ {
			progress = step
		}
		done <- true
	}()
	busy(20 * time.Millisecond)
	seen := 0
	finished := false
	select {
	case <-done:
		seen = progress
		finished = true
	default:
		seen = progress // RACE (rarely)
	}
	if !finished {
		<-done
	}
	fmt.Println("main: progress", seen)
}

// busy works locally for d of real time.
func busy(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}
