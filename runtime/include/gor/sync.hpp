// Go's sync package for goroutines: Mutex, RWMutex, WaitGroup, Cond, Once, Pool.
#pragma once

#include "gor/cond.hpp"
#include "gor/mutex.hpp"
#include "gor/once.hpp"
#include "gor/pool.hpp"
#include "gor/rwmutex.hpp"
#include "gor/waitgroup.hpp"
