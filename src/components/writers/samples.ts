// Famous opening lines, typed in by hand (not copied from the training files), one per author.
// `work` is the corpus file of that work when the corpus has it (so the widget can say honestly
// whether the model trained on it); null when the work is not in the corpus.
import type { WritersLang } from '../../lib/writers-text.ts';

export interface Sample {
  id: string;
  lang: WritersLang;
  author: string;
  work: string | null;
  title: string;
  year: string;
  text: string;
}

export const SAMPLES: readonly Sample[] = [
  { id: 'pikovaya-dama', lang: 'ru', author: 'pushkin', work: 'pushkin/pikovaya_dama.txt', title: 'Пиковая дама', year: '1833',
    text: 'Однажды играли в карты у конногвардейца Нарумова. Долгая зимняя ночь прошла незаметно; сели ужинать в пятом часу утра. Те, которые остались в выигрыше, ели с большим аппетитом; прочие, в рассеянности, сидели перед пустыми своими приборами. Но шампанское явилось, разговор оживился, и все приняли в нём участие.' },
  { id: 'geroy', lang: 'ru', author: 'lermontov', work: 'lermontov/geroy_nashego_vremeni.txt', title: 'Герой нашего времени', year: '1840',
    text: 'Я ехал на перекладных из Тифлиса. Вся поклажа моей тележки состояла из одного небольшого чемодана, который до половины был набит путевыми записками о Грузии. Большая часть из них, к счастию для вас, потеряна, а чемодан с остальными вещами, к счастию для меня, остался цел.' },
  { id: 'mertvye-dushi', lang: 'ru', author: 'gogol', work: 'gogol/mertvye_dushi.txt', title: 'Мёртвые души', year: '1842',
    text: 'В ворота гостиницы губернского города NN въехала довольно красивая рессорная небольшая бричка, в какой ездят холостяки: отставные подполковники, штабс-капитаны, помещики, имеющие около сотни душ крестьян, — словом, все те, которых называют господами средней руки. В бричке сидел господин, не красавец, но и не дурной наружности, ни слишком толст, ни слишком тонок; нельзя сказать, чтобы стар, однако ж и не так чтобы слишком молод.' },
  { id: 'ottsy-i-deti', lang: 'ru', author: 'turgenev', work: 'turgenev/ottsy_i_deti.txt', title: 'Отцы и дети', year: '1862',
    text: '— Что, Пётр, не видать ещё? — спрашивал 20-го мая 1859 года, выходя без шапки на низкое крылечко постоялого двора на *** шоссе, барин лет сорока с небольшим, в запылённом пальто и клетчатых панталонах, у своего слуги, молодого и щекастого малого с беловатым пухом на подбородке и маленькими тусклыми глазёнками.' },
  { id: 'prestuplenie', lang: 'ru', author: 'dostoevsky', work: null, title: 'Преступление и наказание', year: '1866',
    text: 'В начале июля, в чрезвычайно жаркое время, под вечер, один молодой человек вышел из своей каморки, которую нанимал от жильцов в С — м переулке, на улицу и медленно, как бы в нерешимости, отправился к К — ну мосту. Он благополучно избегнул встречи с своею хозяйкой на лестнице.' },
  { id: 'anna-karenina', lang: 'ru', author: 'tolstoy', work: null, title: 'Анна Каренина', year: '1878',
    text: 'Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему. Всё смешалось в доме Облонских. Жена узнала, что муж был в связи с бывшею в их доме француженкою-гувернанткой, и объявила мужу, что не может жить с ним в одном доме.' },
  { id: 'dama-s-sobachkoy', lang: 'ru', author: 'chekhov', work: 'chekhov/dama_s_sobachkoy.txt', title: 'Дама с собачкой', year: '1899',
    text: 'Говорили, что на набережной появилось новое лицо: дама с собачкой. Дмитрий Дмитрич Гуров, проживший в Ялте уже две недели и привыкший тут, тоже стал интересоваться новыми лицами. Сидя в павильоне у Верне, он видел, как по набережной прошла молодая дама, невысокого роста блондинка, в берете; за нею бежал белый шпиц.' },
  { id: 'mat', lang: 'ru', author: 'gorky', work: 'gorky/mat.txt', title: 'Мать', year: '1906',
    text: 'Каждый день над рабочей слободкой, в дымном, масляном воздухе, дрожал и ревел фабричный гудок, и, послушное зову, из маленьких серых домов выбегали на улицу, точно испуганные тараканы, угрюмые люди, не успевшие освежить сном свои мускулы.' },
  { id: 'pride-and-prejudice', lang: 'en', author: 'austen', work: 'austen/pride_and_prejudice.txt', title: 'Pride and Prejudice', year: '1813',
    text: 'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife. However little known the feelings or views of such a man may be on his first entering a neighbourhood, this truth is so well fixed in the minds of the surrounding families, that he is considered the rightful property of some one or other of their daughters.' },
  { id: 'two-cities', lang: 'en', author: 'dickens', work: 'dickens/a_tale_of_two_cities.txt', title: 'A Tale of Two Cities', year: '1859',
    text: 'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair.' },
  { id: 'huckleberry', lang: 'en', author: 'twain', work: 'twain/adventures_of_huckleberry_finn.txt', title: 'Adventures of Huckleberry Finn', year: '1884',
    text: 'You don\'t know about me without you have read a book by the name of The Adventures of Tom Sawyer; but that ain\'t no matter. That book was made by Mr. Mark Twain, and he told the truth, mainly. There was things which he stretched, but mainly he told the truth.' },
  { id: 'scandal-in-bohemia', lang: 'en', author: 'doyle', work: 'doyle/the_adventures_of_sherlock_holmes.txt', title: 'A Scandal in Bohemia', year: '1891',
    text: 'To Sherlock Holmes she is always the woman. I have seldom heard him mention her under any other name. In his eyes she eclipses and predominates the whole of her sex. It was not that he felt any emotion akin to love for Irene Adler.' },
  { id: 'tell-tale-heart', lang: 'en', author: 'poe', work: 'poe/works_of_poe_vol2.txt', title: 'The Tell-Tale Heart', year: '1843',
    text: 'True!—nervous—very, very dreadfully nervous I had been and am; but why will you say that I am mad? The disease had sharpened my senses—not destroyed—not dulled them. Above all was the sense of hearing acute. I heard all things in the heaven and in the earth.' },
  { id: 'frankenstein', lang: 'en', author: 'shelley', work: 'shelley/frankenstein.txt', title: 'Frankenstein', year: '1818',
    text: 'You will rejoice to hear that no disaster has accompanied the commencement of an enterprise which you have regarded with such evil forebodings. I arrived here yesterday, and my first task is to assure my dear sister of my welfare and increasing confidence in the success of my undertaking.' },
  { id: 'dorian-gray', lang: 'en', author: 'wilde', work: 'wilde/the_picture_of_dorian_gray.txt', title: 'The Picture of Dorian Gray', year: '1890',
    text: 'The studio was filled with the rich odour of roses, and when the light summer wind stirred amidst the trees of the garden, there came through the open door the heavy scent of the lilac, or the more delicate perfume of the pink-flowering thorn.' },
  { id: 'jekyll', lang: 'en', author: 'stevenson', work: 'stevenson/strange_case_of_dr_jekyll_and_mr_hyde.txt', title: 'Strange Case of Dr Jekyll and Mr Hyde', year: '1886',
    text: 'Mr. Utterson the lawyer was a man of a rugged countenance that was never lighted by a smile; cold, scanty and embarrassed in discourse; backward in sentiment; lean, long, dusty and dreary, and yet somehow lovable.' },
];

/** The sample shown first on a page of that language. */
export const DEFAULT_SAMPLE: Record<WritersLang, string> = { ru: 'dama-s-sobachkoy', en: 'jekyll' };
