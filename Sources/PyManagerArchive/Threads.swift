import Glibc

/// A mutex and its condition variable, for the extraction's helper threads (`WriteQueue`,
/// `GzipSource`).
final class Monitor {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits (with the lock held) until another thread calls `broadcast`.
    func wait() { pthread_cond_wait(changed, mutex) }
    func broadcast() { pthread_cond_broadcast(changed) }
}

/// Starts a thread that runs `body` (which keeps what it captures until it returns); nil when
/// `pthread_create` fails. The caller joins it.
func startThread(_ body: @escaping () -> Void) -> pthread_t? {
    final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Work(body)).toOpaque()
    var created = pthread_t()
    let status = pthread_create(&created, nil, { context in
        guard let context else { return nil }
        Unmanaged<Work>.fromOpaque(context).takeRetainedValue().body()
        return nil
    }, context)
    guard status == 0 else {
        Unmanaged<Work>.fromOpaque(context).release()
        return nil
    }
    return created
}
