function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
let s = 0; for (let i = 0; i < 300000; i++) s = (s + i * i) % 1000003;
const words = "the quick brown fox jumps over the lazy dog".split(" ");
const counts = {}; for (const w of words) counts[w] = (counts[w] || 0) + 1;
class Point { constructor(x, y) { this.x = x; this.y = y; } norm() { return Math.hypot(this.x, this.y); } }
const pts = Array.from({length: 50}, (_, i) => new Point(i % 7, i % 11)).sort((a, b) => a.norm() - b.norm() || a.x - b.x);
let caught = "none"; try { null.x; } catch (e) { caught = e.constructor.name; }
console.log("fib(20)", fib(20));
console.log("loop", s);
console.log("counts", JSON.stringify(counts));
console.log("points", pts.slice(0, 5).map(p => p.x + "," + p.y).join(" "), pts[49].norm().toFixed(6));
console.log("regex", "2024-01-15 and 1999-12-31".replace(/(\d+)-(\d+)-(\d+)/g, "$3/$2/$1"));
console.log("bigint", (2n ** 100n).toString());
console.log("float", (0.1 + 0.2).toString(), Math.sqrt(2).toFixed(15), (1e21).toString(), (123.456).toExponential(2));
console.log("caught", caught);
console.log("map", JSON.stringify([...new Map([[1, "a"], [2, "b"]]).entries()]), [3, 1, 2].reduce((a, b) => a * 10 + b));
