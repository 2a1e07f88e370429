options(digits=15)
cat("binom", binom.test(9,12,4/52,alternative="greater")$p.value, "\n")
cat("binom2", binom.test(3,20,1/105,alternative="greater")$p.value, binom.test(3,20,1/105,alternative="less")$p.value, "\n")
cat("fisher", fisher.test(matrix(c(3,0,17,300),2),alternative="greater")$p.value, fisher.test(matrix(c(9,40,3,500),2),alternative="greater")$p.value, fisher.test(matrix(c(9,40,3,500),2),alternative="less")$p.value, "\n")
cat("fisher_big", fisher.test(matrix(c(60,900,700,20000),2),alternative="greater")$p.value, "\n")
# exact conditional trend: y and profile e
trendp <- function(y, e) {
  q <- e/sum(e); Y <- sum(y); T <- length(y); s <- sum((0:(T-1))*y)
  pmf <- 1
  for (k in seq_len(Y)) { new <- rep(0, length(pmf)+T-1); for (t in 0:(T-1)) new[(1:length(pmf))+t] <- new[(1:length(pmf))+t] + pmf*q[t+1]; pmf <- new }
  c(upper=sum(pmf[(s+1):length(pmf)]), lower=sum(pmf[1:(s+1)]))
}
y1 <- c(0,0,0,0,0,0,0,0,1,1,2,3,4); e1 <- rep(1,13)
cat("trend1", trendp(y1,e1), "\n")
y2 <- c(2,1,3,0,2,1,2,4,3,5,2,6,5); e2 <- c(10,12,9,11,14,13,10,12,15,11,12,13,14)
cat("trend2", trendp(y2,e2), "\n")
t <- 0:12
cat("glm2", coef(glm(y2 ~ t + offset(log(e2)), family=poisson))[2], "\n")
y3 <- c(1,0,2,1,0,1,2,1,1,3,2,2,4); e3 <- c(5,6,5,7,8,6,5,6,7,8,6,5,7)
cat("trend3", trendp(y3,e3), "\n")
cat("glm3", coef(glm(y3 ~ t + offset(log(e3)), family=poisson))[2], "\n")
# predictive (beta-binomial) window test, predictiveTest.ts: base R only
bbl <- function(y, n, a, b) { k <- y:n; sum(exp(lchoose(n, k) + lbeta(k + a, n - k + b) - lbeta(a, b))) }
cat("bb", bbl(9, 12, 40, 480), bbl(22, 101, 79 + 400*0.05, 1421 + 400*0.95), bbl(3, 3, 0.3, 4.7), bbl(5, 40, 12.5, 300.25), bbl(1, 10, 2, 3), bbl(60, 200, 30.5, 90.5), "\n")
cat("bbmin", exp(lbeta(12 + 40, 480) - lbeta(40, 480)), "\n")
cat("lgamma", lgamma(c(0.1, 0.5, 1.5, 7.25, 123.456, 1e5 + 0.5)), "\n")
# lower tail of the beta-binomial (map class "falling"), recorded in early-signals-reference.test.ts:
bb <- function(k, n, a, b) exp(lchoose(n, k) + lbeta(k + a, n - k + b) - lbeta(a, b))
lower <- function(y, n, a, b) sum(bb(0:y, n, a, b))
options(digits = 15)
print(lower(0, 30, 13.5, 40.5))
print(lower(2, 40, 12.5, 30.25))
print(lower(1, 10, 2, 3))
print(lower(150, 200, 90.5, 30.5))
