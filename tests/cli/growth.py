"""growth.py — linear work, checked from a CLI test: a document made at
sizes n and 8n, each typeset twice and the smaller CPU time kept; 8n may
take at most LIMIT times n (linear work takes 8, quadratic 64).  A ratio
on one machine in one run, robust to a noisy machine.

    import growth
    ratio, pdf = growth.ratio(bifolio, out, 'words', make, (2000, 16000),
                              ['--lang', 'fa'])
"""
import os
import resource
import subprocess

LIMIT = 16


def cpu_time(binary, path, args):
    """The smaller CPU time (user + system) of two runs of bifolio on
    @path, writing path + '.pdf'."""
    best = None
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([binary, path, *args, '-o', path + '.pdf'], check=True,
                       capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = t if best is None else min(best, t)
    return best


def ratio(binary, out, name, make, sizes, args):
    """Writes make(n) as growth-NAME-N.md in @out for each of the two
    @sizes, typesets them, prints the times and returns the ratio of the
    second to the first and the larger size's PDF."""
    times = []
    for n in sizes:
        path = os.path.join(out, 'growth-%s-%d.md' % (name, n))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(make(n) + '\n')
        times.append(cpu_time(binary, path, args))
    r = times[1] / max(times[0], 1e-3)
    print('%s: %.2fs, %.2fs, ratio %.1f' % (name, times[0], times[1], r))
    return r, path + '.pdf'
